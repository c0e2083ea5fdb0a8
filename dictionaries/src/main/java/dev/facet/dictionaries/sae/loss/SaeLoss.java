package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;

/**
 * One term of a sparse autoencoder's training loss. The trainer sums the terms of a model's
 * loss; a user adds their own by implementing this interface and passing it to the learner's
 * builder.
 */
public interface SaeLoss {

    /** The term's scalar value for one forward pass; differentiable where it should train. */
    NDArray compute(LossInput input);

    /** A short name used in logs. */
    String id();
}
