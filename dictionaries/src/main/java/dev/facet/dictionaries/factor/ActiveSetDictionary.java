package dev.facet.dictionaries.factor;

import dev.facet.dictionaries.linalg.ActiveSetVjp;
import dev.facet.spi.Provenance;
import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A {@link MatrixDictionary} whose codes solve a least-squares problem against the fixed atoms on each
 * row's support (non-negative least squares, the lasso, OMP's refit), differentiated implicitly on that
 * support by {@link ActiveSetVjp} (docs/algorithms.md#dictionary-gradients): the gradient of
 * sum(encode(x) ⊙ w) is D_Sᵀ·(D_S·D_Sᵀ)⁻¹·w_S per row.
 */
public abstract class ActiveSetDictionary extends MatrixDictionary implements DifferentiableDictionary {

    protected ActiveSetDictionary(String learner, FloatMatrix atoms, float[] offset,
                                  Map<String, Object> hyperparameters, Provenance provenance) {
        super(learner, atoms, offset, hyperparameters, provenance);
    }

    @Override
    public final FloatMatrix encodeGradient(FloatMatrix x, FloatMatrix upstream) {
        GradientArguments.require(info(), x, upstream);
        return codeGradient(encodeDense(x), upstream);
    }

    /** The product for codes {@code codes} of the rows; least squares on the support unless overridden. */
    protected FloatMatrix codeGradient(FloatMatrix codes, FloatMatrix upstream) {
        return ActiveSetVjp.leastSquares(codes, atoms(), upstream);
    }
}
