package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearner;
import java.util.Set;

/**
 * {@code ica}: FastICA (Hyvärinen 1999) with PCA whitening, symmetric decorrelation and the
 * logcosh contrast; see {@link IcaLearner}. In memory. Hyperparameters: {@code concepts} (required,
 * 1..d), {@code max_iter} (default 200), {@code tol} (default 1e-4), {@code alpha} (logcosh scale,
 * default 1, in [1, 2]).
 */
public final class IcaLearnerFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "ica";
    static final Set<String> KEYS = Set.of("concepts", "max_iter", "tol", "alpha");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "FastICA: whitening + symmetric fixed-point iterations, logcosh contrast (Hyvärinen 1999)";
    }

    @Override
    protected Set<String> keys() {
        return KEYS;
    }

    @Override
    protected DictionaryLearner build(ConfigValues values) {
        return new IcaLearner(ID, values.requireInt("concepts", 1, 1 << 16), values.optInt("max_iter", 200, 1, 1_000_000),
                values.optDouble("tol", 1e-4, 0, 1), values.optDouble("alpha", 1.0, 1.0, 2.0), values.asMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, ConfigValues values, Provenance provenance) {
        float[] mean = MatrixDictionary.savedOffset(saved);
        if (mean == null) {
            throw new InvalidDataException("missing tensor '" + MatrixDictionary.OFFSET + "'");
        }
        return new IcaDictionary(ID, saved.weights().matrix(MatrixDictionary.ATOMS), mean,
                saved.weights().matrix(IcaDictionary.UNMIXING), values.asMap(), provenance);
    }
}
