package dev.facet.attribution.fidelity;

import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scores each image by {@code Σ weights ⊙ pixels} at hook point "score"; records every batch size. */
final class LinearBackbone implements Backbone {
    final float[] weights;
    final List<Integer> batchSizes = new ArrayList<>();
    private final int channels;
    private final int side;

    LinearBackbone(int channels, int side, float[] weights) {
        this.channels = channels;
        this.side = side;
        this.weights = weights;
    }

    @Override
    public BackboneInfo info() {
        return new BackboneInfo("linear", new InputSpec(channels, side, side, ChannelOrder.GRAY, ResizeMode.STRETCH,
                new float[] {0}, new float[] {1}), List.of(new HookPoint("score", new VectorLayout(1))),
                Set.of(Capability.FORWARD));
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        int n = (int) pixels.dim(0);
        batchSizes.add(n);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < weights.length; j++) {
                sum += weights[j] * pixels.data()[i * weights.length + j];
            }
            scores[i] = (float) sum;
        }
        return Map.of("score", new Tensor(new long[] {n, 1}, scores));
    }

    @Override
    public void close() {
    }
}
