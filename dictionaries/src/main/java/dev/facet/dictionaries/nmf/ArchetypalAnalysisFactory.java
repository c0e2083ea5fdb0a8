package dev.facet.dictionaries.nmf;

import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.Set;

/**
 * Learner {@value #ID}: archetypal analysis (Cutler and Breiman 1994, "Archetypal analysis",
 * Technometrics 36(4)), X ≈ Z·(W·X) with the rows of Z and W on the probability simplex, fitted
 * in memory by {@link ArchetypalAnalysisLearner}, which declares its settings.
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

    /** Its dictionaries are differentiable on each row's support. */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ENCODER_GRADIENTS);
    }

    @Override
    public Settings settings() {
        return ArchetypalAnalysisLearner.SETTINGS;
    }

    @Override
    public ArchetypalAnalysisLearner create(ConfigValues hyperparameters) {
        return new ArchetypalAnalysisLearner(ArchetypalAnalysisLearner.SETTINGS.read(hyperparameters));
    }

    @Override
    public ArchetypalAnalysisDictionary load(Path directory) {
        ConvexFamilySupport.Restored<ArchetypalAnalysisLearner> restored =
                ConvexFamilySupport.restore(directory, ID, this::create, ArchetypalAnalysisLearner::concepts);
        ArchetypalAnalysisLearner learner = restored.learner();
        return new ArchetypalAnalysisDictionary(restored.atoms(),
                restored.rowsPerAtom(ArchetypalAnalysisDictionary.WEIGHTS), learner.hyperparameters(),
                learner.iterations().encodeMaxIter(), learner.iterations().encodeTol(), restored.provenance());
    }
}
