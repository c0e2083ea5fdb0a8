package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearner;

/**
 * {@code ica}: FastICA (Hyvärinen 1999) with PCA whitening, symmetric decorrelation and the
 * logcosh contrast; see {@link IcaLearner}. In memory; {@code concepts} at most d.
 */
public final class IcaLearnerFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "ica";
    private static final Setting<Integer> CONCEPTS = concepts(1 << 16);
    private static final Setting<Integer> MAX_ITER = maxIter(200);
    private static final Setting<Double> ALPHA = Setting.decimal("alpha", "scale of the logcosh contrast")
            .defaultValue(1.0).range(1, 2);
    private static final Settings SETTINGS = Settings.of(CONCEPTS, MAX_ITER, TOL, ALPHA);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "FastICA: whitening + symmetric fixed-point iterations, logcosh contrast (Hyvärinen 1999)";
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    protected DictionaryLearner build(Settings.Values values) {
        return new IcaLearner(ID, values.get(CONCEPTS), values.get(MAX_ITER), values.get(TOL), values.get(ALPHA),
                values.toMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, Settings.Values values, Provenance provenance) {
        float[] mean = MatrixDictionary.savedOffset(saved);
        if (mean == null) {
            throw new InvalidDataException("missing tensor '" + MatrixDictionary.OFFSET + "'");
        }
        return new IcaDictionary(ID, saved.weights().matrix(MatrixDictionary.ATOMS), mean,
                saved.weights().matrix(IcaDictionary.UNMIXING), values.toMap(), provenance);
    }
}
