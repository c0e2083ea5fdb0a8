package dev.facet.pipeline;

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
 * A test backbone over gray inputs normalised with mean 0.5 and std 0.5, so black is −1, white 1 and
 * padding exactly 0. Hook {@code patches} has one token per {@value #PATCH}×{@value #PATCH} patch, no
 * CLS: channel 0 is the patch's mean value (its brightness), channel 1 is 1 when every value of the
 * patch is exactly 0 (a patch wholly in padding) and 0 otherwise.
 */
final class PatchBrightnessBackbone implements Backbone {
    static final String HOOK = "patches";
    static final int PATCH = 4;

    private final InputSpec input;
    private final TokenLayout layout;

    /** Inputs of {@code height × width} pixels, multiples of {@value #PATCH}, resized per {@code mode}. */
    PatchBrightnessBackbone(int height, int width, ResizeMode mode) {
        this.input = new InputSpec(1, height, width, ChannelOrder.GRAY, mode, new float[] {0.5f}, new float[] {0.5f});
        this.layout = new TokenLayout(2, false, 0, height / PATCH, width / PATCH);
    }

    @Override
    public BackboneInfo info() {
        return new BackboneInfo("patch-brightness", input, List.of(new HookPoint(HOOK, layout)), Set.of(Capability.FORWARD));
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        int n = (int) pixels.dim(0);
        int rows = layout.gridHeight();
        int cols = layout.gridWidth();
        int width = input.width();
        int perImage = input.height() * width;
        float[] out = new float[n * rows * cols * 2];
        for (int image = 0; image < n; image++) {
            for (int cell = 0; cell < rows * cols; cell++) {
                double sum = 0;
                boolean padding = true;
                for (int k = 0; k < PATCH * PATCH; k++) {
                    int y = cell / cols * PATCH + k / PATCH;
                    int x = cell % cols * PATCH + k % PATCH;
                    float value = pixels.data()[image * perImage + y * width + x];
                    sum += value;
                    padding &= value == 0f;
                }
                int token = (image * rows * cols + cell) * 2;
                out[token] = (float) (sum / (PATCH * PATCH));
                out[token + 1] = padding ? 1 : 0;
            }
        }
        return Map.of(HOOK, new Tensor(layout.shape(n), out));
    }

    @Override
    public void close() {
    }
}
