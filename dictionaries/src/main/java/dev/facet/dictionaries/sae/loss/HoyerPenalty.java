package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;

/**
 * λ·mean over samples of ‖z‖₁/‖z‖₂ (the Hoyer sparsity measure without its affine rescaling,
 * Hoyer 2004): smallest (1) for one active code, largest (√c) for a flat row. Rows of zeros
 * contribute 0.
 */
public record HoyerPenalty(double lambda) implements SaeLoss {

    @Override
    public NDArray compute(LossInput input) {
        NDArray codes = input.forward().codes();
        NDArray l1 = codes.abs().sum(new int[] {1});
        NDArray l2 = codes.square().sum(new int[] {1}).add(1e-12f).sqrt();
        return l1.div(l2).mean().mul((float) lambda);
    }

    @Override
    public String id() {
        return "hoyer";
    }
}
