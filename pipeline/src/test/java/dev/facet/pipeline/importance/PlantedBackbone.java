package dev.facet.pipeline.importance;

import dev.facet.spi.Capability;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.ResumableBackbone;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.Tensor;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resumable test backbone whose class 0 depends on one planted direction only. Inputs are 8×8 gray
 * images; hook {@code tokens} holds a CLS token and a 2×2 grid of patch tokens of {@value #WIDTH}
 * channels (a patch token is its first {@value #WIDTH} pixels, the CLS token the image mean in every
 * channel). With s = Σ over patch tokens of ⟨aₜ − b, v₀⟩ and r = Σ ⟨aₜ − b, v₁⟩, the logits are
 * {@code (2s + s²/4 + cls₀, r)}: class 0 reads direction v₀ (and the CLS token), class 1 direction v₁.
 */
final class PlantedBackbone implements ResumableBackbone {
    static final String HOOK = "tokens";
    static final int WIDTH = 6;
    private static final TokenLayout LAYOUT = new TokenLayout(WIDTH, true, 0, 2, 2);

    private final float[] bias;
    private final float[] v0;
    private final float[] v1;
    private final Set<Capability> capabilities;

    PlantedBackbone(float[] bias, float[] v0, float[] v1, boolean gradients) {
        this.bias = bias;
        this.v0 = v0;
        this.v1 = v1;
        this.capabilities = gradients
                ? EnumSet.of(Capability.FORWARD, Capability.RESUME_FROM_HOOK, Capability.RESUME_GRADIENTS)
                : EnumSet.of(Capability.FORWARD, Capability.RESUME_FROM_HOOK);
    }

    @Override
    public BackboneInfo info() {
        InputSpec input = new InputSpec(1, 8, 8, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0}, new float[] {1});
        return new BackboneInfo("planted", input, List.of(new HookPoint(HOOK, LAYOUT),
                new HookPoint("logits", new VectorLayout(2))), capabilities);
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        int n = (int) pixels.dim(0);
        float[] tokens = new float[n * LAYOUT.tokens() * WIDTH];
        for (int image = 0; image < n; image++) {
            double mean = 0;
            for (int p = 0; p < 64; p++) {
                mean += pixels.data()[image * 64 + p] / 64.0;
            }
            for (int d = 0; d < WIDTH; d++) {
                tokens[image * LAYOUT.tokens() * WIDTH + d] = (float) mean;
            }
            for (int cell = 0; cell < 4; cell++) {
                int y0 = cell / 2 * 4;
                int x0 = cell % 2 * 4;
                for (int d = 0; d < WIDTH; d++) {
                    tokens[(image * LAYOUT.tokens() + 1 + cell) * WIDTH + d] =
                            pixels.data()[image * 64 + (y0 + d / 4) * 8 + x0 + d % 4];
                }
            }
        }
        Tensor activations = new Tensor(LAYOUT.shape(n), tokens);
        Map<String, Tensor> out = new HashMap<>();
        for (String hook : hookPoints) {
            out.put(hook, hook.equals(HOOK) ? activations : resume(HOOK, activations, "logits"));
        }
        return out;
    }

    @Override
    public List<String> resumableHookPoints() {
        return List.of(HOOK);
    }

    @Override
    public List<String> resumeOutputs() {
        return List.of("logits");
    }

    @Override
    public Tensor resume(String fromHook, Tensor activations, String output) {
        int n = (int) activations.dim(0);
        float[] logits = new float[n * 2];
        for (int image = 0; image < n; image++) {
            double s = projection(activations, image, v0);
            logits[image * 2] = (float) (2 * s + s * s / 4 + activations.data()[image * LAYOUT.tokens() * WIDTH]);
            logits[image * 2 + 1] = (float) projection(activations, image, v1);
        }
        return new Tensor(new long[] {n, 2}, logits);
    }

    @Override
    public Tensor resumeGradient(String fromHook, Tensor activations, String output, Tensor upstream) {
        int n = (int) activations.dim(0);
        float[] gradient = new float[activations.size()];
        for (int image = 0; image < n; image++) {
            double s = projection(activations, image, v0);
            double up0 = upstream.data()[image * 2];
            double up1 = upstream.data()[image * 2 + 1];
            int base = image * LAYOUT.tokens() * WIDTH;
            gradient[base] = (float) up0;
            for (int token = 1; token < LAYOUT.tokens(); token++) {
                for (int d = 0; d < WIDTH; d++) {
                    gradient[base + token * WIDTH + d] = (float) (up0 * (2 + s / 2) * v0[d] + up1 * v1[d]);
                }
            }
        }
        return new Tensor(activations.shape(), gradient);
    }

    private double projection(Tensor activations, int image, float[] direction) {
        double sum = 0;
        for (int token = 1; token < LAYOUT.tokens(); token++) {
            for (int d = 0; d < WIDTH; d++) {
                sum += (activations.data()[(image * LAYOUT.tokens() + token) * WIDTH + d] - bias[d]) * direction[d];
            }
        }
        return sum;
    }

    @Override
    public void close() {
    }
}
