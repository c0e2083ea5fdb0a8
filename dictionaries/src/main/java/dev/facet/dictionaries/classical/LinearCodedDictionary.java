package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.GradientArguments;
import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.Provenance;
import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A {@link MatrixDictionary} whose codes are a linear projection z = (x − μ)·Pᵀ with P (c × d) fixed
 * (PCA and truncated SVD, FastICA's unmixing, sparse PCA's ridge projection), so the gradient of
 * sum(z ⊙ w) with respect to x is exactly w·P (docs/algorithms.md#dictionary-gradients).
 */
public abstract class LinearCodedDictionary extends MatrixDictionary implements DifferentiableDictionary {

    protected LinearCodedDictionary(String learner, FloatMatrix atoms, float[] offset,
                                    Map<String, Object> hyperparameters, Provenance provenance) {
        super(learner, atoms, offset, hyperparameters, provenance);
    }

    /** P (c × d), the matrix the centred rows are projected on. */
    protected abstract FloatMatrix projection();

    @Override
    protected final FloatMatrix encodeDense(FloatMatrix x) {
        return Matrices.multiply(ClassicalData.centred(x, offset()), false, projection(), true);
    }

    @Override
    public final FloatMatrix encodeGradient(FloatMatrix x, FloatMatrix upstream) {
        GradientArguments.require(info(), x, upstream);
        return Matrices.multiply(upstream, projection());
    }
}
