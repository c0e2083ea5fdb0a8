package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;

/**
 * λ·mean over samples of (1 − κ₄(z)) with κ₄ = Σz⁴/(Σz²)², the kurtosis-like sparsity measure
 * (1 for one active code, 1/c for a flat row); minimising it favours peaked codes.
 */
public record Kappa4Penalty(double lambda) implements SaeLoss {

    @Override
    public NDArray compute(LossInput input) {
        NDArray squares = input.forward().codes().square();
        NDArray fourth = squares.square().sum(new int[] {1});
        NDArray second = squares.sum(new int[] {1});
        NDArray kappa = fourth.div(second.square().add(1e-12f));
        return kappa.neg().add(1).mean().mul((float) lambda);
    }

    @Override
    public String id() {
        return "kappa4";
    }
}
