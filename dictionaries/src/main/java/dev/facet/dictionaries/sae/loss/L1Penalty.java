package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;

/**
 * λ·mean over samples of ‖z‖₁: the sparsity term of {@code mse_l1}. Averaged over samples, not
 * summed over the batch, so λ does not depend on the batch size.
 */
public record L1Penalty(double lambda) implements SaeLoss {

    @Override
    public NDArray compute(LossInput input) {
        NDArray codes = input.forward().codes();
        return codes.abs().sum(new int[] {1}).mean().mul((float) lambda);
    }

    @Override
    public String id() {
        return "l1";
    }
}
