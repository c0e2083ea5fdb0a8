package dev.facet.extractors.onnx;

import dev.facet.spi.backbone.HookLayout;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import java.util.Optional;

/**
 * Guesses the layout of a tensor from its recorded shape, for tensors a model descriptor does not
 * name: (n, f) is a vector, (n, c, h, w) a spatial map, and (n, t, c) tokens when t matches the
 * descriptor's token count, is a square patch grid, or a square grid plus one CLS token.
 */
public final class LayoutInference {

    private LayoutInference() {
    }

    /**
     * The layout of a tensor of {@code shape} (batch first), or empty when the shape does not say it.
     *
     * @param known the descriptor's token layout, or null
     */
    public static Optional<HookLayout> infer(long[] shape, TokenLayout known) {
        if (shape == null || shape.length < 2 || shape.length > 4) {
            return Optional.empty();
        }
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 1 || shape[i] > Integer.MAX_VALUE) {
                return Optional.empty();
            }
        }
        if (shape.length == 2) {
            return Optional.of(new VectorLayout((int) shape[1]));
        }
        if (shape.length == 4) {
            return Optional.of(new SpatialLayout((int) shape[1], (int) shape[2], (int) shape[3]));
        }
        int tokens = (int) shape[1];
        int channels = (int) shape[2];
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
}
