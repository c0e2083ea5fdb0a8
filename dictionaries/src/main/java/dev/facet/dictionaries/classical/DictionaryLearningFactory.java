package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.classical.SparseCodingDictionary.Coding;
import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearner;

/**
 * {@code dictionary-learning}: sparse dictionary learning (Mairal et al. 2009) with unit-norm atoms
 * and lasso or OMP coding; see {@link DictionaryLearningLearner} for the exact problem. In memory.
 * The saved config records every resolved value.
 */
public final class DictionaryLearningFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "dictionary-learning";
    private static final Setting<Integer> CONCEPTS = concepts(1 << 20);
    private static final Setting<Coding> CODING = Setting.choice("coding", Coding.class, "sparse coding of the rows")
            .defaultValue(Coding.LASSO);
    private static final Setting<Double> ALPHA = Setting.decimal("alpha", "L1 penalty of lasso coding")
            .defaultValue(1.0).range(0, 1e12);
    private static final Setting<Integer> K = Setting.integer("k",
                    "non-zero codes per row of OMP coding, at most concepts")
            .derivedDefault("max(1, concepts / 10)", v -> Math.max(1, v.get(CONCEPTS) / 10))
            .range(1, 1 << 20);
    private static final Setting<Integer> MAX_ITER = maxIter(100);
    private static final Settings SETTINGS = Settings.of(CONCEPTS, CODING, ALPHA, K, MAX_ITER, TOL);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Dictionary learning: alternating lasso/OMP coding and unit-norm atom updates (Mairal et al. 2009)";
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    protected DictionaryLearner build(Settings.Values values) {
        int concepts = values.get(CONCEPTS);
        int k = k(values);
        return new DictionaryLearningLearner(ID, concepts, values.get(CODING), values.get(ALPHA), k,
                values.get(MAX_ITER), values.get(TOL), values.toMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, Settings.Values values, Provenance provenance) {
        int concepts = values.get(CONCEPTS);
        dev.facet.spi.tensor.FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        if (atoms.rows() != concepts) {
            throw new dev.facet.spi.InvalidDataException("config says " + concepts + " concepts, the atoms hold "
                    + atoms.rows());
        }
        return new SparseCodingDictionary(ID, atoms, values.get(CODING), values.get(ALPHA), k(values),
                values.toMap(), provenance);
    }

    /** {@code k}, checked against {@code concepts}. */
    private static int k(Settings.Values values) {
        int k = values.get(K);
        if (k > values.get(CONCEPTS)) {
            throw ConfigException.outOfRange("k", k, "[1, " + values.get(CONCEPTS) + "] (at most concepts)");
        }
        return k;
    }
}
