package dev.facet.attribution;

import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;

/**
 * Saliency (Simonyan, Vedaldi and Zisserman, ICLR workshop 2014; docs/algorithms.md#saliency-and-gradient--input):
 * the map is {@code max over channels of |∂f/∂x|}. Needs input gradients.
 */
public final class Saliency implements Attribution {
    static final String ID = "saliency";

    private final GradientSettings settings;

    public Saliency(GradientSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        DifferentiableBackbone model = GradientBatches.require(backbone, ID);
        GradientBatches.requireImages(pixels, ID);
        double[] gradient = new double[pixels.size()];
        int imageSize = pixels.size() / (int) pixels.dim(0);
        GradientBatches.run(model, target, pixels, 1, settings.batchSize(), context, ID,
                (image, index, out, offset) -> GradientBatches.copy(pixels, image, out, offset),
                (image, index, grad, offset) -> {
                    for (int i = 0; i < imageSize; i++) {
                        gradient[image * imageSize + i] = grad[offset + i];
                    }
                });
        return GradientBatches.maxAbsOverChannels(gradient, pixels);
    }
}
