package dev.facet.visualization;

import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A differentiable test backbone whose only hook point, {@code score}, is {@code Σ w·x} over the
 * preprocessed pixels x: its gradient with respect to the pixels is {@code upstream·w}, exactly.
 */
final class LinearBackbone implements DifferentiableBackbone {
    static final String HOOK = "score";
    private final InputSpec input;
    private final float[] weights;

    LinearBackbone(InputSpec input, float[] weights) {
        this.input = input;
        this.weights = weights.clone();
    }

    /** Weight 1 on the pixels of every channel inside rows [top, bottom) and columns [left, right), 0 elsewhere. */
    static LinearBackbone region(InputSpec input, int top, int bottom, int left, int right) {
        float[] weights = new float[input.channels() * input.height() * input.width()];
        for (int c = 0; c < input.channels(); c++) {
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    weights[(c * input.height() + y) * input.width() + x] = 1;
                }
            }
        }
        return new LinearBackbone(input, weights);
    }

    /**
     * A vertical ramp on the listed channels, −1 at the top row to +1 at the bottom: the objective of
     * an image dark above and bright below, 0 on a uniform image.
     */
    static LinearBackbone ramp(InputSpec input, int... channels) {
        float[] weights = new float[input.channels() * input.height() * input.width()];
        for (int c : channels) {
            for (int y = 0; y < input.height(); y++) {
                for (int x = 0; x < input.width(); x++) {
                    weights[(c * input.height() + y) * input.width() + x] = -1 + 2f * y / (input.height() - 1);
                }
            }
        }
        return new LinearBackbone(input, weights);
    }

    static InputSpec gray(int side, float mean, float std) {
        return new InputSpec(1, side, side, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {mean}, new float[] {std});
    }

    static InputSpec colour(int side, ChannelOrder order) {
        return new InputSpec(3, side, side, order, ResizeMode.STRETCH, new float[] {0.4f, 0.5f, 0.6f},
                new float[] {0.2f, 0.25f, 0.5f});
    }

    @Override
    public BackboneInfo info() {
        return new BackboneInfo("linear", input, List.of(new HookPoint(HOOK, new VectorLayout(1))),
                Set.of(Capability.FORWARD, Capability.INPUT_GRADIENTS));
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        int n = (int) pixels.dim(0);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < weights.length; j++) {
                sum += weights[j] * pixels.data()[i * weights.length + j];
            }
            scores[i] = (float) sum;
        }
        return Map.of(HOOK, new Tensor(new long[] {n, 1}, scores));
    }

    @Override
    public Tensor inputGradient(Tensor pixels, String hookPoint, Tensor upstream) {
        int n = (int) pixels.dim(0);
        float[] gradient = new float[pixels.size()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < weights.length; j++) {
                gradient[i * weights.length + j] = upstream.data()[i] * weights[j];
            }
        }
        return new Tensor(pixels.shape(), gradient);
    }

    /** The same model without input gradients, as a forward-only runtime offers it. */
    Backbone forwardOnly() {
        LinearBackbone model = this;
        return new Backbone() {
            @Override
            public BackboneInfo info() {
                return new BackboneInfo("linear-forward-only", input, model.info().hookPoints(), Set.of(Capability.FORWARD));
            }

            @Override
            public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
                return model.forward(pixels, hookPoints);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
