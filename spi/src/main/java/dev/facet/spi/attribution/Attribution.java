package dev.facet.spi.attribution;

import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;

/**
 * Attributes an {@link Objective} to input pixels, giving one map per image: occlusion (Zeiler and
 * Fergus 2014), RISE (Petsiuk et al. 2018), Sobol indices (Fel et al. 2021), or gradient methods
 * that need {@link dev.facet.spi.Capability#INPUT_GRADIENTS}.
 */
public interface Attribution {

    /**
     * @param backbone the model; the host has checked the factory's required capabilities against it
     * @param pixels   preprocessed images (n, c, h, w)
     * @param target   what to explain
     * @param context  seed, progress and cancellation
     * @return maps of shape (n, h, w); larger means more important
     */
    Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context);
}
