package dev.facet.dictionaries.nmf;

import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.Set;

/**
 * Learner {@value #ID}: Semi-NMF (Ding, Li and Jordan 2010), non-negative codes over a free
 * dictionary, fitted in memory by {@link SemiNmfLearner}, which declares its settings; accepts
 * data of any sign.
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

    /** Its dictionaries are differentiable on each row's support. */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ENCODER_GRADIENTS);
    }

    @Override
    public Settings settings() {
        return SemiNmfLearner.SETTINGS;
    }

    @Override
    public SemiNmfLearner create(ConfigValues hyperparameters) {
        return new SemiNmfLearner(SemiNmfLearner.SETTINGS.read(hyperparameters));
    }

    @Override
    public SemiNmfDictionary load(Path directory) {
        ConvexFamilySupport.Restored<SemiNmfLearner> restored =
                ConvexFamilySupport.restore(directory, ID, this::create, SemiNmfLearner::concepts);
        SemiNmfLearner learner = restored.learner();
        return new SemiNmfDictionary(restored.atoms(), learner.hyperparameters(), learner.iterations().encodeMaxIter(),
                learner.iterations().encodeTol(), restored.provenance());
    }
}
