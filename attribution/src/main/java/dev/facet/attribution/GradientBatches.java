package dev.facet.attribution;

import dev.facet.spi.Capability;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;

/**
 * Input gradients of an objective for derived copies of every image, shared by the gradient
 * attributions (saliency, gradient × input, integrated gradients, SmoothGrad). Each of the
 * {@code n × copies} inputs is built in order, image-major, and gathered into batches of
 * {@code batchSize} regardless of image boundaries, so every pass but the last is full. A batch
 * costs one forward (for the objective's score and its gradient with respect to the hook point's
 * activations) and one {@link DifferentiableBackbone#inputGradient}.
 */
final class GradientBatches {

    /** Writes copy {@code index} of image {@code image} ({@code c·h·w} values) at {@code out[offset]}. */
    interface Inputs {
        void fill(int image, int index, float[] out, int offset);
    }

    /** Receives ∂f/∂x of one copy, {@code c·h·w} values at {@code gradient[offset]}. */
    interface Gradients {
        void accept(int image, int index, float[] gradient, int offset);
    }

    private GradientBatches() {
    }

    /**
     * The backbone as a {@link DifferentiableBackbone}.
     *
     * @throws MissingCapabilityException naming {@code method} and {@link Capability#INPUT_GRADIENTS}
     *                                    when the backbone cannot differentiate
     */
    static DifferentiableBackbone require(Backbone backbone, String method) {
        return DifferentiableBackbone.require(backbone, "attribution '" + method + "'");
    }

    static void run(DifferentiableBackbone backbone, Objective target, Tensor pixels, int copies, int batchSize,
                    RunContext context, String stage, Inputs source, Gradients sink) {
        int imageSize = (int) (pixels.dim(1) * pixels.dim(2) * pixels.dim(3));
        ImageBatches.forEach(pixels.dim(1), pixels.dim(2), pixels.dim(3), (int) pixels.dim(0) * copies, batchSize,
                context, stage, "gradients",
                (index, into, offset) -> source.fill(index / copies, index % copies, into, offset),
                (from, batch) -> {
                    Tensor upstream = target.gradient(backbone.forward(batch, target.hookPoint()));
                    float[] gradient = backbone.inputGradient(batch, target.hookPoint(), upstream).data();
                    for (int b = 0; b < batch.dim(0); b++) {
                        sink.accept((from + b) / copies, (from + b) % copies, gradient, b * imageSize);
                    }
                });
    }

    /** The objective of every image of {@code pixels}, in forward passes of at most {@code batchSize}. */
    static double[] scores(Backbone backbone, Objective target, Tensor pixels, int batchSize, RunContext context,
                           String stage) {
        return ImageBatches.scores(backbone, target, pixels.dim(1), pixels.dim(2), pixels.dim(3),
                (int) pixels.dim(0), batchSize, context, stage, (index, into, offset) -> copy(pixels, index, into, offset));
    }

    /** Copies image {@code image} of {@code pixels} to {@code out[offset]}. */
    static void copy(Tensor pixels, int image, float[] out, int offset) {
        int imageSize = (int) (pixels.dim(1) * pixels.dim(2) * pixels.dim(3));
        System.arraycopy(pixels.data(), image * imageSize, out, offset, imageSize);
    }

    /** Maps (n, h, w) of the largest {@code |v|} over channels of per-pixel values {@code (n, c, h, w)}. */
    static Tensor maxAbsOverChannels(double[] values, Tensor pixels) {
        return reduce(values, pixels, true);
    }

    /** Maps (n, h, w) of the sum over channels of per-pixel values {@code (n, c, h, w)}. */
    static Tensor sumOverChannels(double[] values, Tensor pixels) {
        return reduce(values, pixels, false);
    }

    private static Tensor reduce(double[] values, Tensor pixels, boolean maxAbs) {
        int n = (int) pixels.dim(0);
        int channels = (int) pixels.dim(1);
        int plane = (int) (pixels.dim(2) * pixels.dim(3));
        float[] maps = new float[n * plane];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) {
                double acc = 0;
                for (int c = 0; c < channels; c++) {
                    double v = values[(i * channels + c) * plane + p];
                    acc = maxAbs ? Math.max(acc, Math.abs(v)) : acc + v;
                }
                maps[i * plane + p] = (float) acc;
            }
        }
        return new Tensor(new long[] {n, pixels.dim(2), pixels.dim(3)}, maps);
    }

    static void requireImages(Tensor pixels, String method) {
        if (pixels.rank() != 4) {
            throw new InvalidDataException(method + " needs pixels (n, c, h, w), found shape " + pixels);
        }
    }
}
