package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.classical.SparseCodingDictionary.Coding;
import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code dictionary-learning}: sparse dictionary learning (Mairal et al. 2009) with unit-norm atoms
 * and lasso or OMP coding; see {@link DictionaryLearningLearner} for the exact problem. In memory.
 * Hyperparameters: {@code concepts} (required), {@code coding} ({@code lasso}, the default, or
 * {@code omp}), {@code alpha} (L1 penalty of lasso coding, default 1, ≥ 0), {@code k} (OMP
 * non-zeros, default max(1, concepts/10), ≤ concepts), {@code max_iter} (default 100), {@code tol}
 * (default 1e-4). The saved config records every resolved value.
 */
public final class DictionaryLearningFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "dictionary-learning";
    static final Set<String> KEYS = Set.of("concepts", "coding", "alpha", "k", "max_iter", "tol");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Dictionary learning: alternating lasso/OMP coding and unit-norm atom updates (Mairal et al. 2009)";
    }

    @Override
    protected Set<String> keys() {
        return KEYS;
    }

    @Override
    protected DictionaryLearner build(ConfigValues values) {
        int concepts = values.requireInt("concepts", 1, 1 << 20);
        Coding coding = values.optEnum("coding", Coding.class, Coding.LASSO);
        double alpha = values.optDouble("alpha", 1.0, 0, 1e12);
        int k = values.optInt("k", Math.max(1, concepts / 10), 1, concepts);
        int maxIter = values.optInt("max_iter", 100, 1, 1_000_000);
        double tol = values.optDouble("tol", 1e-4, 0, 1);
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("concepts", concepts);
        resolved.put("coding", coding.name().toLowerCase(java.util.Locale.ROOT));
        resolved.put("alpha", alpha);
        resolved.put("k", k);
        resolved.put("max_iter", maxIter);
        resolved.put("tol", tol);
        return new DictionaryLearningLearner(ID, concepts, coding, alpha, k, maxIter, tol, resolved);
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, ConfigValues values, Provenance provenance) {
        int concepts = values.requireInt("concepts", 1, 1 << 20);
        dev.facet.spi.tensor.FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        if (atoms.rows() != concepts) {
            throw new dev.facet.spi.InvalidDataException("config says " + concepts + " concepts, the atoms hold "
                    + atoms.rows());
        }
        return new SparseCodingDictionary(ID, atoms,
                values.optEnum("coding", Coding.class, Coding.LASSO), values.requireDouble("alpha", 0, 1e12),
                values.requireInt("k", 1, concepts), values.asMap(), provenance);
    }
}
