package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;

/**
 * Learner {@value #ID}: Convex-NMF (Ding, Li and Jordan 2010), X ≈ Z·(W·X) with Z, W ≥ 0, fitted
 * in memory by {@link ConvexNmfLearner}; accepts data of any sign; encodes unseen rows by NNLS.
 * Hyperparameters: {@code concepts} (required), {@code strict} (false: rows of W sum to 1 when
 * true), {@code max_rows} (20,000; at most 46,340), {@code lloyd_steps} (10), {@code max_iter}
 * (500), {@code tol} (1e-4), {@code encode_max_iter} (1000), {@code encode_tol} (1e-6).
 */
public final class ConvexNmfFactory implements DictionaryLearnerFactory {

    /** The learner id. */
    public static final String ID = "convex-nmf";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Convex-NMF (Ding, Li & Jordan 2010): atoms are non-negative combinations of training rows";
    }

    @Override
    public ConvexNmfLearner create(ConfigValues hyperparameters) {
        hyperparameters.rejectUnknown(ConvexNmfLearner.KEYS);
        return new ConvexNmfLearner(ConvexFamilySupport.concepts(hyperparameters),
                hyperparameters.optBoolean("strict", false),
                hyperparameters.optInt("max_rows", ConvexNmfLearner.DEFAULT_MAX_ROWS, 1, ConvexNmfLearner.MAX_ROWS_LIMIT),
                hyperparameters.optInt("lloyd_steps", 10, 0, 10_000),
                ConvexFamilySupport.Iterations.from(hyperparameters, 500));
    }

    @Override
    public ConvexNmfDictionary load(Path directory) {
        SavedDictionary saved = MatrixDictionary.read(directory, ID);
        ConfigValues values = ConvexFamilySupport.savedHyperparameters(saved);
        ConvexNmfLearner learner;
        try {
            learner = create(values);
        } catch (ConfigException e) {
            throw new CorruptArtifactException(directory, "invalid saved hyperparameters: " + e.getMessage(), e);
        }
        FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        if (atoms.rows() != learner.concepts()) {
            throw new CorruptArtifactException(directory, "'" + MatrixDictionary.ATOMS + "' has " + atoms.rows()
                    + " rows, expected concepts = " + learner.concepts());
        }
        FloatMatrix weights = saved.weights().contains(ConvexNmfDictionary.WEIGHTS)
                ? saved.weights().matrix(ConvexNmfDictionary.WEIGHTS) : null;
        if (weights != null && weights.rows() != atoms.rows()) {
            throw new CorruptArtifactException(directory, "'" + ConvexNmfDictionary.WEIGHTS + "' has "
                    + weights.rows() + " rows, expected " + atoms.rows());
        }
        return new ConvexNmfDictionary(atoms, weights, values.asMap(), learner.iterations().encodeMaxIter(),
                learner.iterations().encodeTol(), ConvexFamilySupport.savedProvenance(saved));
    }
}
