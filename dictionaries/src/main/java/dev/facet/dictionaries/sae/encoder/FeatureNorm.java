package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;

/** A normalisation over the feature (last) axis of hidden activations, with a learned gain and bias. */
interface FeatureNorm {

    /** The added constant under the square root of the variance, as in PyTorch. */
    float EPSILON = 1e-5f;

    /**
     * Normalises {@code y}.
     *
     * @param training whether this is a training pass (batch statistics and state updates)
     */
    NDArray apply(NDArray y, boolean training);
}
