package dev.facet.dictionaries.nmf;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
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
        ConvexFamilySupport.Restored<ArchetypalAnalysisLearner> restored =
                ConvexFamilySupport.restore(directory, ID, this::create, ArchetypalAnalysisLearner::concepts);
        ArchetypalAnalysisLearner learner = restored.learner();
        return new ArchetypalAnalysisDictionary(restored.atoms(),
                restored.rowsPerAtom(ArchetypalAnalysisDictionary.WEIGHTS), restored.values().asMap(),
                learner.iterations().encodeMaxIter(), learner.iterations().encodeTol(), restored.provenance());
    }
}
