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
 * Learner {@value #ID}: archetypal analysis (Cutler and Breiman 1994, "Archetypal analysis",
 * Technometrics 36(4)), X ≈ Z·(W·X) with the rows of Z and W on the probability simplex, fitted
 * in memory by {@link ArchetypalAnalysisLearner}. Hyperparameters: {@code concepts} (required),
 * {@code max_iter} (200), {@code tol} (1e-4), {@code inner_iter} (10), {@code encode_max_iter}
 * (1000), {@code encode_tol} (1e-6).
 */
public final class ArchetypalAnalysisFactory implements DictionaryLearnerFactory {

    /** The learner id. */
    public static final String ID = "archetypal";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Archetypal analysis (Cutler & Breiman 1994): simplex codes over convex combinations of rows";
    }

    @Override
    public ArchetypalAnalysisLearner create(ConfigValues hyperparameters) {
        hyperparameters.rejectUnknown(ArchetypalAnalysisLearner.KEYS);
        return new ArchetypalAnalysisLearner(ConvexFamilySupport.concepts(hyperparameters),
                hyperparameters.optInt("inner_iter", 10, 1, 100_000),
                ConvexFamilySupport.Iterations.from(hyperparameters, 200));
    }

    @Override
    public ArchetypalAnalysisDictionary load(Path directory) {
        SavedDictionary saved = MatrixDictionary.read(directory, ID);
        ConfigValues values = ConvexFamilySupport.savedHyperparameters(saved);
        ArchetypalAnalysisLearner learner;
        try {
            learner = create(values);
        } catch (ConfigException e) {
            throw new CorruptArtifactException(directory, "invalid saved hyperparameters: " + e.getMessage(), e);
        }
        FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        FloatMatrix weights = saved.weights().contains(ArchetypalAnalysisDictionary.WEIGHTS)
                ? saved.weights().matrix(ArchetypalAnalysisDictionary.WEIGHTS) : null;
        if (atoms.rows() != learner.concepts()) {
            throw new CorruptArtifactException(directory, "'" + MatrixDictionary.ATOMS + "' has " + atoms.rows()
                    + " rows, expected concepts = " + learner.concepts());
        }
        if (weights != null && weights.rows() != atoms.rows()) {
            throw new CorruptArtifactException(directory, "'" + ArchetypalAnalysisDictionary.WEIGHTS + "' has "
                    + weights.rows() + " rows, expected " + atoms.rows());
        }
        return new ArchetypalAnalysisDictionary(atoms, weights, values.asMap(), learner.iterations().encodeMaxIter(),
                learner.iterations().encodeTol(), ConvexFamilySupport.savedProvenance(saved));
    }
}
