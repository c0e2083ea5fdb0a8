package dev.facet.extractors.pipeline;

import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test backbone on 4x4 gray images: hook {@code tokens} is (n, 1 + 4, 4), a CLS token holding
 * the image mean in every channel, then one token per 2x2 patch holding its four pixels.
 */
final class GridBackbone implements Backbone {
    static final TokenLayout LAYOUT = new TokenLayout(4, true, 0, 2, 2);
    private final ResizeMode resize;
    int forwards;

    GridBackbone() {
        this(ResizeMode.STRETCH);
    }

    /** Images are resized to 4x4 per {@code resize}. */
    GridBackbone(ResizeMode resize) {
        this.resize = resize;
    }

    @Override
    public BackboneInfo info() {
        return new BackboneInfo("grid", new InputSpec(1, 4, 4, ChannelOrder.GRAY, resize,
                new float[] {0}, new float[] {1}), List.of(new HookPoint("tokens", LAYOUT)), Set.of(Capability.FORWARD));
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        forwards++;
        int n = (int) pixels.dim(0);
        float[] out = new float[n * 5 * 4];
        for (int i = 0; i < n; i++) {
            float mean = 0;
            for (int p = 0; p < 16; p++) {
                mean += pixels.data()[i * 16 + p] / 16;
            }
            for (int c = 0; c < 4; c++) {
                out[i * 20 + c] = mean;
            }
            for (int patch = 0; patch < 4; patch++) {
                int y0 = patch / 2 * 2;
                int x0 = patch % 2 * 2;
                for (int k = 0; k < 4; k++) {
                    out[i * 20 + (1 + patch) * 4 + k] = pixels.data()[i * 16 + (y0 + k / 2) * 4 + x0 + k % 2];
                }
            }
        }
        return Map.of("tokens", new Tensor(new long[] {n, 5, 4}, out));
    }

    @Override
    public void close() {
    }
}
