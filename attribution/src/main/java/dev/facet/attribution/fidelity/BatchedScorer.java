package dev.facet.attribution.fidelity;

import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.List;

/**
 * Scores a sequence of perturbed images with the objective, gathering them into full batches of
 * {@code batchSize} regardless of which image or step they come from; only the last batch is short.
 */
final class BatchedScorer {
    /** Writes perturbed image {@code index} of the sequence into {@code into} at {@code offset}. */
    @FunctionalInterface
    interface Perturbation {
        void write(int index, float[] into, int offset);
    }

    private final Backbone backbone;
    private final Objective objective;
    private final int batchSize;
    private final RunContext context;

    BatchedScorer(Backbone backbone, Objective objective, int batchSize, RunContext context) {
        this.backbone = backbone;
        this.objective = objective;
        this.batchSize = batchSize;
        this.context = context;
    }

    /** The objective of each of the {@code count} images that {@code perturbation} writes. */
    double[] score(String stage, FidelityInput input, int count, Perturbation perturbation) {
        int imageSize = input.imageSize();
        double[] scores = new double[count];
        try (ProgressTask task = context.progress().start(stage, count, "images")) {
            for (int from = 0; from < count; from += batchSize) {
                context.cancellation().throwIfCancelled(stage);
                int batch = Math.min(batchSize, count - from);
                float[] images = new float[batch * imageSize];
                for (int b = 0; b < batch; b++) {
                    perturbation.write(from + b, images, b * imageSize);
                }
                Tensor pixels = new Tensor(new long[] {batch, input.channels(), input.height(), input.width()}, images);
                Tensor activations = backbone.forward(pixels, List.of(objective.hookPoint())).get(objective.hookPoint());
                System.arraycopy(objective.scores(activations), 0, scores, from, batch);
                task.advance(batch);
            }
        }
        return scores;
    }
}
