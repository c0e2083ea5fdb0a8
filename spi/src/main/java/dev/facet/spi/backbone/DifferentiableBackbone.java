package dev.facet.spi.backbone;

import dev.facet.spi.Capability;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.tensor.Tensor;
import java.util.EnumSet;
import java.util.Set;

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

    /**
     * {@code backbone} as a differentiable one: it must implement this interface and declare
     * {@link Capability#INPUT_GRADIENTS}.
     *
     * @param requirer what needs the gradients, for the message (e.g. {@code attribution 'saliency'})
     * @throws MissingCapabilityException naming the requirer, INPUT_GRADIENTS and the model otherwise
     */
    static DifferentiableBackbone require(Backbone backbone, String requirer) {
        Set<Capability> provided = EnumSet.noneOf(Capability.class);
        provided.addAll(backbone.info().capabilities());
        if (!(backbone instanceof DifferentiableBackbone)) {
            provided.remove(Capability.INPUT_GRADIENTS);
        }
        MissingCapabilityException.check(requirer, Set.of(Capability.INPUT_GRADIENTS),
                "backbone '" + backbone.info().model() + "'", provided);
        return (DifferentiableBackbone) backbone;
    }
}
