package dev.facet.visualization;

import dev.facet.spi.Capability;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.tensor.Tensor;
import dev.facet.visualization.maco.CropBox;
import dev.facet.visualization.maco.RandomCrops;

/**
 * An objective and its gradient with respect to [0, 1] pixels: what a feature visualization ascends.
 * Images of the model's input size in its channel order are normalised per {@link InputSpec}
 * ({@code (p − mean) / std}) and run in forward passes of at most {@code batchSize}; each pass reads the
 * objective's scores and its gradient at the hook point, and one {@link DifferentiableBackbone#inputGradient}
 * carries that gradient back to the normalised pixels, which the chain rule divides by {@code std}.
 */
final class ObjectiveGradient {
    private static final CropBox WHOLE = new CropBox(0, 0, 1, 1);

    private final DifferentiableBackbone backbone;
    private final Objective objective;
    private final InputSpec input;
    private final int batchSize;

    ObjectiveGradient(DifferentiableBackbone backbone, Objective objective, int batchSize) {
        this.backbone = backbone;
        this.objective = objective;
        this.input = backbone.info().input();
        this.batchSize = batchSize;
    }

    /**
     * The backbone as a {@link DifferentiableBackbone}.
     *
     * @throws MissingCapabilityException naming {@code method}, {@link Capability#INPUT_GRADIENTS} and the model
     *                                    when the backbone cannot differentiate
     */
    static DifferentiableBackbone require(Backbone backbone, String method) {
        return DifferentiableBackbone.require(backbone, "feature visualization '" + method + "'");
    }

    InputSpec input() {
        return input;
    }

    /** Values of one image at the model's input size. */
    int imageSize() {
        return input.channels() * input.height() * input.width();
    }

    /**
     * The objective of {@code count} images (n, c, H, W) in [0, 1]; when {@code gradient} is not null, it
     * receives ∂score_i/∂image_i in the same layout.
     */
    double[] evaluate(float[] images, int count, float[] gradient) {
        int size = imageSize();
        if (images.length < count * size || (gradient != null && gradient.length < count * size)) {
            throw new InvalidDataException("Feature visualization: " + count + " images of " + input + " need "
                    + count * size + " values, found " + images.length);
        }
        float[] mean = input.mean();
        float[] std = input.std();
        int plane = input.height() * input.width();
        double[] scores = new double[count];
        for (int from = 0; from < count; from += batchSize) {
            int n = Math.min(batchSize, count - from);
            float[] batch = new float[n * size];
            for (int i = 0; i < n * size; i++) {
                int c = (i / plane) % input.channels();
                batch[i] = (images[from * size + i] - mean[c]) / std[c];
            }
            Tensor pixels = new Tensor(input.batchShape(n), batch);
            Tensor activations = backbone.forward(pixels, objective.hookPoint());
            double[] batchScores = objective.scores(activations);
            System.arraycopy(batchScores, 0, scores, from, n);
            if (gradient != null) {
                float[] g = backbone.inputGradient(pixels, objective.hookPoint(), objective.gradient(activations)).data();
                for (int i = 0; i < n * size; i++) {
                    gradient[from * size + i] = g[i] / std[(i / plane) % input.channels()];
                }
            }
        }
        return scores;
    }

    /**
     * The objective of one image (c, height, width) in [0, 1] in the model's channel order, resized
     * bilinearly to the model's input when its size differs.
     */
    double score(float[] image, int height, int width) {
        return evaluate(toInput(image, height, width), 1, null)[0];
    }

    /** {@code image} (c, height, width) at the model's input size: itself, or resized bilinearly. */
    float[] toInput(float[] image, int height, int width) {
        if (height == input.height() && width == input.width()) {
            return image;
        }
        float[] resized = new float[imageSize()];
        RandomCrops.crop(image, input.channels(), height, width, WHOLE, input.height(), input.width(), resized, 0);
        return resized;
    }

    /** Accumulates into {@code imageGradient} (c, height, width) the gradient {@code inputGradient} of {@link #toInput}. */
    void fromInput(float[] inputGradient, int offset, int height, int width, float[] imageGradient) {
        if (height == input.height() && width == input.width()) {
            for (int i = 0; i < imageGradient.length; i++) {
                imageGradient[i] += inputGradient[offset + i];
            }
            return;
        }
        RandomCrops.cropBackward(inputGradient, offset, input.channels(), height, width, WHOLE, input.height(),
                input.width(), imageGradient);
    }
}
