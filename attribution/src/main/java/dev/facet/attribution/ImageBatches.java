package dev.facet.attribution;

import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;

/**
 * Runs a sequence of derived images (masked, perturbed, interpolated or noisy copies) through a
 * backbone in full batches: image {@code i} of the sequence is written by a {@link Writer}, images are
 * gathered into batches of {@code batchSize} regardless of which source image they come from, so every
 * batch but the last is full. One place for the batching, progress and cancellation of every
 * attribution and fidelity metric.
 */
public final class ImageBatches {

    /** Writes image {@code index} of the sequence ({@code c·h·w} values) into {@code into} at {@code offset}. */
    @FunctionalInterface
    public interface Writer {
        void write(int index, float[] into, int offset);
    }

    /** Receives one batch: images {@code [from, from + batch.dim(0))} of the sequence. */
    @FunctionalInterface
    public interface BatchConsumer {
        void accept(int from, Tensor batch);
    }

    private ImageBatches() {
    }

    /**
     * Builds the {@code count} images of shape {@code (channels, height, width)} batch by batch and hands
     * each batch to {@code consumer}, checking cancellation before and advancing progress after each.
     *
     * @param stage progress and cancellation label
     * @param unit  what the progress counts
     */
    public static void forEach(long channels, long height, long width, int count, int batchSize, RunContext context,
                               String stage, String unit, Writer writer, BatchConsumer consumer) {
        int imageSize = (int) (channels * height * width);
        try (ProgressTask task = context.progress().start(stage, count, unit)) {
            for (int from = 0; from < count; from += batchSize) {
                context.cancellation().throwIfCancelled(stage);
                int batch = Math.min(batchSize, count - from);
                float[] images = new float[batch * imageSize];
                for (int b = 0; b < batch; b++) {
                    writer.write(from + b, images, b * imageSize);
                }
                consumer.accept(from, new Tensor(new long[] {batch, channels, height, width}, images));
                task.advance(batch);
            }
        }
    }

    /** The objective of each of the {@code count} images that {@code writer} builds, in sequence order. */
    public static double[] scores(Backbone backbone, Objective objective, long channels, long height, long width,
                                  int count, int batchSize, RunContext context, String stage, Writer writer) {
        double[] scores = new double[count];
        forEach(channels, height, width, count, batchSize, context, stage, "images", writer, (from, batch) ->
                System.arraycopy(objective.scores(backbone.forward(batch, objective.hookPoint())), 0, scores, from,
                        (int) batch.dim(0)));
        return scores;
    }
}
