package dev.facet.spi.backbone;

import dev.facet.spi.tensor.Tensor;

/**
 * A backbone that declares {@link dev.facet.spi.Capability#INPUT_GRADIENTS}: it can differentiate a
 * hook point's activations with respect to the input pixels, which gradient attributions
 * (saliency, integrated gradients; Simonyan et al. 2014, Sundararajan et al. 2017) and feature
 * visualization (MACO, Fel et al. 2023) need.
 */
public interface DifferentiableBackbone extends Backbone {

    /**
     * The gradient of {@code sum(activations(hookPoint) * upstream)} with respect to the pixels.
     *
     * @param pixels    preprocessed images (n, c, h, w)
     * @param hookPoint where the objective is read
     * @param upstream  weights of the same shape as the hook point's activations for this batch
     * @return a tensor of the shape of {@code pixels}
     */
    Tensor inputGradient(Tensor pixels, String hookPoint, Tensor upstream);
}
