package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearner;

/**
 * {@code sparse-pca}: sparse PCA as in scikit-learn's {@code SparsePCA}, an L1 penalty on the
 * components of a dictionary learned on centred data; see {@link SparsePcaLearner} for the exact
 * problem. In memory; {@code concepts} at most min(d, n). The saved config records every resolved
 * value.
 */
public final class SparsePcaFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "sparse-pca";
    private static final Setting<Integer> CONCEPTS = concepts(1 << 16);
    private static final Setting<Double> ALPHA = Setting.decimal("alpha", "L1 penalty on the components")
            .defaultValue(1.0).range(0, 1e12);
    private static final Setting<Double> RIDGE_ALPHA = Setting.decimal("ridge_alpha", "ridge of the encoding")
            .defaultValue(0.01).range(0, 1e12);
    private static final Setting<Integer> MAX_ITER = maxIter(100);
    private static final Settings SETTINGS = Settings.of(CONCEPTS, ALPHA, RIDGE_ALPHA, MAX_ITER, TOL);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Sparse PCA: L1-penalised components on centred data, ridge encoding (scikit-learn SparsePCA)";
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    protected DictionaryLearner build(Settings.Values values) {
        return new SparsePcaLearner(ID, values.get(CONCEPTS), values.get(ALPHA), values.get(RIDGE_ALPHA),
                values.get(MAX_ITER), values.get(TOL), values.toMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, Settings.Values values, Provenance provenance) {
        float[] mean = MatrixDictionary.savedOffset(saved);
        if (mean == null) {
            throw new InvalidDataException("missing tensor '" + MatrixDictionary.OFFSET + "'");
        }
        return new SparsePcaDictionary(ID, saved.weights().matrix(MatrixDictionary.ATOMS), mean,
                values.get(RIDGE_ALPHA), values.toMap(), provenance);
    }
}
