package dev.facet.dictionaries.nmf;

import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.Set;

/**
 * Learner {@value #ID}: Convex-NMF (Ding, Li and Jordan 2010), X ≈ Z·(W·X) with Z, W ≥ 0, fitted
 * in memory by {@link ConvexNmfLearner}, which declares its settings; accepts data of any sign;
 * encodes unseen rows by NNLS.
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

    /** Its dictionaries are differentiable on each row's support. */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ENCODER_GRADIENTS);
    }

    @Override
    public Settings settings() {
        return ConvexNmfLearner.SETTINGS;
    }

    @Override
    public ConvexNmfLearner create(ConfigValues hyperparameters) {
        return new ConvexNmfLearner(ConvexNmfLearner.SETTINGS.read(hyperparameters));
    }

    @Override
    public ConvexNmfDictionary load(Path directory) {
        ConvexFamilySupport.Restored<ConvexNmfLearner> restored =
                ConvexFamilySupport.restore(directory, ID, this::create, ConvexNmfLearner::concepts);
        ConvexNmfLearner learner = restored.learner();
        return new ConvexNmfDictionary(restored.atoms(), restored.rowsPerAtom(ConvexNmfDictionary.WEIGHTS),
                learner.hyperparameters(), learner.iterations().encodeMaxIter(), learner.iterations().encodeTol(),
                restored.provenance());
    }
}
