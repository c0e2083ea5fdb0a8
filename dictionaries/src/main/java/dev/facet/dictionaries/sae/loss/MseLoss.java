package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;

/** Mean squared reconstruction error over all entries of the batch. */
public final class MseLoss implements SaeLoss {

    @Override
    public NDArray compute(LossInput input) {
        return input.forward().input().sub(input.forward().reconstruction()).square().mean();
    }

    @Override
    public String id() {
        return "mse";
    }
}
