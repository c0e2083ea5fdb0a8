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
 * Learner {@value #ID}: Semi-NMF (Ding, Li and Jordan 2010), non-negative codes over a free
 * dictionary, fitted in memory by {@link SemiNmfLearner}; accepts data of any sign.
 * Hyperparameters: {@code concepts} (required), {@code init} ({@code lloyd} or {@code random},
 * default lloyd), {@code lloyd_steps} (10), {@code max_iter} (500), {@code tol} (1e-4),
 * {@code encode_max_iter} (1000), {@code encode_tol} (1e-6).
 */
public final class SemiNmfFactory implements DictionaryLearnerFactory {

    /** The learner id. */
    public static final String ID = "semi-nmf";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Semi-NMF (Ding, Li & Jordan 2010): non-negative codes, free dictionary, data of any sign";
    }

    @Override
    public SemiNmfLearner create(ConfigValues hyperparameters) {
        hyperparameters.rejectUnknown(SemiNmfLearner.KEYS);
        return new SemiNmfLearner(ConvexFamilySupport.concepts(hyperparameters),
                hyperparameters.optEnum("init", SemiNmfLearner.Init.class, SemiNmfLearner.Init.LLOYD),
                hyperparameters.optInt("lloyd_steps", 10, 0, 10_000),
                ConvexFamilySupport.Iterations.from(hyperparameters, 500));
    }

    @Override
    public SemiNmfDictionary load(Path directory) {
        SavedDictionary saved = MatrixDictionary.read(directory, ID);
        ConfigValues values = ConvexFamilySupport.savedHyperparameters(saved);
        SemiNmfLearner learner;
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
        return new SemiNmfDictionary(atoms, values.asMap(), learner.iterations().encodeMaxIter(),
                learner.iterations().encodeTol(), ConvexFamilySupport.savedProvenance(saved));
    }
}
