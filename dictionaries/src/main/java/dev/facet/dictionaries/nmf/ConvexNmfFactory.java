package dev.facet.dictionaries.nmf;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
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
        ConvexFamilySupport.Restored<ConvexNmfLearner> restored =
                ConvexFamilySupport.restore(directory, ID, this::create, ConvexNmfLearner::concepts);
        ConvexNmfLearner learner = restored.learner();
        return new ConvexNmfDictionary(restored.atoms(), restored.rowsPerAtom(ConvexNmfDictionary.WEIGHTS),
                restored.values().asMap(), learner.iterations().encodeMaxIter(), learner.iterations().encodeTol(),
                restored.provenance());
    }
}
