package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.ActiveSetDictionary;
import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A dictionary learned by {@link DictionaryLearningLearner} (Mairal, Bach, Ponce and Sapiro 2009):
 * unit-norm atoms D, no offset; a row is encoded by the same sparse coder used in training,
 * lasso coordinate descent with penalty α or OMP with at most k non-zeros ({@link SparseCoding}),
 * and decoded as z·D. Differentiable on each row's support S (both codes satisfy
 * G_SS·z_S = D_S·x − α·sign(z_S), with α = 0 for OMP's refit): the gradient of sum(z ⊙ w) is
 * D_Sᵀ·G_SS⁻¹·w_S ({@link ActiveSetDictionary}).
 */
public final class SparseCodingDictionary extends ActiveSetDictionary {

    /** How rows are coded. */
    public enum Coding {
        /** min ½‖x − zD‖² + α‖z‖₁ by coordinate descent. */
        LASSO,
        /** Orthogonal matching pursuit with at most k non-zeros. */
        OMP
    }

    private final Coding coding;
    private final double alpha;
    private final int k;

    SparseCodingDictionary(String learner, FloatMatrix atoms, Coding coding, double alpha, int k,
                           Map<String, Object> hyperparameters, Provenance provenance) {
        super(learner, atoms, null, hyperparameters, provenance);
        this.coding = coding;
        this.alpha = alpha;
        this.k = k;
    }

    public Coding coding() {
        return coding;
    }

    @Override
    protected FloatMatrix encodeDense(FloatMatrix x) {
        return code(x, atoms(), coding, alpha, k, null);
    }

    static FloatMatrix code(FloatMatrix x, FloatMatrix atoms, Coding coding, double alpha, int k, FloatMatrix warm) {
        return coding == Coding.LASSO ? SparseCoding.lasso(x, atoms, alpha, warm) : SparseCoding.omp(x, atoms, k);
    }
}
