package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;
import dev.facet.dictionaries.sae.sparsifier.JumpReluSparsifier;
import dev.facet.dictionaries.sae.sparsifier.Sparsifier;
import dev.facet.spi.ConfigException;

/**
 * The sparsity term of JumpReLU training (Rajamanoharan et al. 2024, "Jumping Ahead: Improving
 * Reconstruction Fidelity with JumpReLU Sparse Autoencoders", eq. 6): λ times the mean over
 * samples of the number of active codes, Σᵢ H(preᵢ − θᵢ). The count is a step function; its
 * gradient wrt the thresholds is the paper's pseudo-gradient −(λ/ε)·K((pre − θ)/ε), see
 * {@link JumpReluSparsifier#l0}.
 *
 * @param coefficient λ ≥ 0
 */
public record JumpL0Penalty(double coefficient) implements SaeLoss {

    public JumpL0Penalty {
        if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
            throw ConfigException.outOfRange("l0_coefficient", coefficient, "a finite number >= 0");
        }
    }

    /**
     * @throws ConfigException when the model's sparsifier is not JumpReLU
     */
    @Override
    public NDArray compute(LossInput input) {
        Sparsifier sparsifier = input.model().sparsifier();
        if (!(sparsifier instanceof JumpReluSparsifier jump)) {
            throw new ConfigException("Loss 'l0' (JumpReLU L0 penalty) expects sparsifier 'jumprelu'; found '"
                    + sparsifier.id() + "'");
        }
        return jump.l0(input.forward().pre()).mul((float) coefficient);
    }

    @Override
    public String id() {
        return "l0";
    }
}
