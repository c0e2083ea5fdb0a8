package dev.facet.attribution;

import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;

/**
 * Scores masked copies of every image, shared by the mask-based attributions ({@link Rise},
 * {@link SobolAttribution}): the perturbed input is {@code x·M + (1 − M)·b} for a mask {@code M}
 * (h × w, broadcast over channels) and a baseline {@code b} (zero when none). The {@code n ×
 * masks} perturbed images are run in order, image-major, gathered into forward passes of
 * {@code batchSize} images regardless of image boundaries, so every pass but the last is full.
 */
final class PerturbedForward {

    /** The mask of one design, {@code h·w} values; the same masks are used for every image. */
    interface Masks {
        float[] mask(int index);
    }

    /** Receives the objective of image {@code image} under mask {@code index}. */
    interface Scores {
        void accept(int image, int index, float[] mask, double score);
    }

    private PerturbedForward() {
    }

    /**
     * @param baselines one per image ({@code c·h·w} values), or {@code null} for a zero baseline
     * @param stage     progress and cancellation label
     */
    static void run(Backbone backbone, Objective target, Tensor pixels, float[][] baselines, int masks,
                    int batchSize, RunContext context, String stage, Masks source, Scores sink) {
        int channels = (int) pixels.dim(1);
        int plane = (int) (pixels.dim(2) * pixels.dim(3));
        int imageSize = channels * plane;
        // Batches start at multiples of batchSize, so position index % batchSize holds a mask of the current batch.
        float[][] batchMasks = new float[batchSize][];
        ImageBatches.forEach(channels, pixels.dim(2), pixels.dim(3), (int) pixels.dim(0) * masks, batchSize, context,
                stage, "masked images", (index, into, offset) -> {
                    int image = index / masks;
                    float[] mask = source.mask(index % masks);
                    batchMasks[index % batchSize] = mask;
                    perturb(pixels.data(), image * imageSize, baselines == null ? null : baselines[image], mask,
                            channels, plane, into, offset);
                }, (from, batch) -> {
                    double[] scores = target.scores(backbone.forward(batch, target.hookPoint()));
                    for (int b = 0; b < scores.length; b++) {
                        sink.accept((from + b) / masks, (from + b) % masks, batchMasks[b], scores[b]);
                    }
                });
    }

    private static void perturb(float[] pixels, int offset, float[] baseline, float[] mask, int channels, int plane,
                                float[] out, int outOffset) {
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                int i = c * plane + p;
                float x = pixels[offset + i];
                out[outOffset + i] = baseline == null ? x * mask[p] : x * mask[p] + (1 - mask[p]) * baseline[i];
            }
        }
    }
}
