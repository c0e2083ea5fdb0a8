package dev.facet.attribution;

import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;

/**
 * Gradient × input (Shrikumar et al., ICML 2017; docs/algorithms.md#saliency-and-gradient--input):
 * the map is {@code Σ over channels of x · ∂f/∂x}, signed. Needs input gradients.
 */
public final class GradientInput implements Attribution {
    static final String ID = "gradient-input";

    private final GradientSettings settings;

    public GradientInput(GradientSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        DifferentiableBackbone model = GradientBatches.require(backbone, ID);
        GradientBatches.requireImages(pixels, ID);
        double[] product = new double[pixels.size()];
        int imageSize = pixels.size() / (int) pixels.dim(0);
        float[] x = pixels.data();
        GradientBatches.run(model, target, pixels, 1, settings.batchSize(), context, ID,
                (image, index, out, offset) -> GradientBatches.copy(pixels, image, out, offset),
                (image, index, grad, offset) -> {
                    for (int i = 0; i < imageSize; i++) {
                        int at = image * imageSize + i;
                        product[at] = (double) x[at] * grad[offset + i];
                    }
                });
        return GradientBatches.sumOverChannels(product, pixels);
    }
}
