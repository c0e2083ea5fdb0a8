package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code sparse-pca}: sparse PCA as in scikit-learn's {@code SparsePCA}, an L1 penalty on the
 * components of a dictionary learned on centred data; see {@link SparsePcaLearner} for the exact
 * problem. In memory. Hyperparameters: {@code concepts} (required, ≤ min(d, n)), {@code alpha}
 * (L1 penalty on the components, default 1, ≥ 0), {@code ridge_alpha} (ridge of the encoding,
 * default 0.01, ≥ 0), {@code max_iter} (default 100), {@code tol} (default 1e-4). The saved config
 * records every resolved value.
 */
public final class SparsePcaFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "sparse-pca";
    static final Set<String> KEYS = Set.of("concepts", "alpha", "ridge_alpha", "max_iter", "tol");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Sparse PCA: L1-penalised components on centred data, ridge encoding (scikit-learn SparsePCA)";
    }

    @Override
    protected Set<String> keys() {
        return KEYS;
    }

    @Override
    protected DictionaryLearner build(ConfigValues values) {
        int concepts = values.requireInt("concepts", 1, 1 << 16);
        double alpha = values.optDouble("alpha", 1.0, 0, 1e12);
        double ridge = values.optDouble("ridge_alpha", 0.01, 0, 1e12);
        int maxIter = values.optInt("max_iter", 100, 1, 1_000_000);
        double tol = values.optDouble("tol", 1e-4, 0, 1);
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("concepts", concepts);
        resolved.put("alpha", alpha);
        resolved.put("ridge_alpha", ridge);
        resolved.put("max_iter", maxIter);
        resolved.put("tol", tol);
        return new SparsePcaLearner(ID, concepts, alpha, ridge, maxIter, tol, resolved);
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, ConfigValues values, Provenance provenance) {
        float[] mean = MatrixDictionary.savedOffset(saved);
        if (mean == null) {
            throw new InvalidDataException("missing tensor '" + MatrixDictionary.OFFSET + "'");
        }
        return new SparsePcaDictionary(ID, saved.weights().matrix(MatrixDictionary.ATOMS), mean,
                values.requireDouble("ridge_alpha", 0, 1e12), values.asMap(), provenance);
    }
}
