package dev.facet.extractors.onnx;

import dev.facet.spi.backbone.HookLayout;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import java.util.Optional;

/**
 * The layout of a tensor read by name, from its shape: (n, f) is a vector; (n, c, h, w) or
 * (n, h, w, c) a feature map, per {@link MapLayout}; (n, t, c) tokens when t matches the
 * descriptor's token count, is a square patch grid, or a square grid plus one CLS token.
 */
public final class LayoutInference {

    /**
     * A layout and the order the engine returns it in.
     *
     * @param layout       the layout Facet hands on, maps as (n, c, h, w)
     * @param channelsLast whether the engine returns a map as (n, h, w, c), to be transposed
     */
    record Inferred(HookLayout layout, boolean channelsLast) {
    }

    private LayoutInference() {
    }

    /**
     * The layout of a tensor of {@code shape} (batch first, maps channels-first), or empty when the
     * shape does not say it.
     *
     * @param known the descriptor's token layout, or null
     */
    public static Optional<HookLayout> infer(long[] shape, TokenLayout known) {
        return infer(shape, known, MapLayout.NCHW, null).map(Inferred::layout);
    }

    /**
     * The layout of a tensor of {@code shape} (the first axis the batch, every other one known), or
     * empty when it fits none.
     *
     * @param known the descriptor's token layout, or null
     * @param maps  how feature maps are ordered
     * @param input the model's input, whose aspect ratio tells a channels-last map under {@link MapLayout#AUTO}
     */
    static Optional<Inferred> infer(long[] shape, TokenLayout known, MapLayout maps, InputSpec input) {
        if (shape == null || shape.length < 2 || shape.length > 4) {
            return Optional.empty();
        }
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 1 || shape[i] > Integer.MAX_VALUE) {
                return Optional.empty();
            }
        }
        if (shape.length == 2) {
            return Optional.of(new Inferred(new VectorLayout((int) shape[1]), false));
        }
        if (shape.length == 4) {
            boolean last = maps == MapLayout.NHWC || maps == MapLayout.AUTO && looksChannelsLast(shape, input);
            return Optional.of(last
                    ? new Inferred(new SpatialLayout((int) shape[3], (int) shape[1], (int) shape[2]), true)
                    : new Inferred(new SpatialLayout((int) shape[1], (int) shape[2], (int) shape[3]), false));
        }
        return tokens((int) shape[1], (int) shape[2], known).map(layout -> new Inferred(layout, false));
    }

    private static Optional<HookLayout> tokens(int tokens, int channels, TokenLayout known) {
        if (known != null && known.tokens() == tokens) {
            return Optional.of(new TokenLayout(channels, known.cls(), known.registers(), known.gridHeight(), known.gridWidth()));
        }
        int side = (int) Math.round(Math.sqrt(tokens));
        if (side * side == tokens) {
            return Optional.of(new TokenLayout(channels, false, 0, side, side));
        }
        int withCls = (int) Math.round(Math.sqrt(tokens - 1.0));
        if (withCls * withCls == tokens - 1 && withCls > 0) {
            return Optional.of(new TokenLayout(channels, true, 0, withCls, withCls));
        }
        return Optional.empty();
    }

    /** Whether axes (1, 2) match the input's aspect ratio more closely than axes (2, 3); a tie is channels-first. */
    private static boolean looksChannelsLast(long[] shape, InputSpec input) {
        double aspect = Math.log((double) input.height() / input.width());
        double asLast = Math.abs(Math.log((double) shape[1] / shape[2]) - aspect);
        double asFirst = Math.abs(Math.log((double) shape[2] / shape[3]) - aspect);
        return asLast < asFirst;
    }

    /** The layouts Facet reads, for a message about a tensor that fits none. */
    static String supported(TokenLayout known) {
        return "(n, f) vectors, (n, c, h, w) or (n, h, w, c) feature maps, and (n, t, c) tokens with t a square "
                + "grid, a square grid plus CLS" + (known == null ? "" : " or the descriptor's " + known.tokens());
    }
}
