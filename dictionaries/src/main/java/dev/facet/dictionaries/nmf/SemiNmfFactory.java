package dev.facet.dictionaries.nmf;

import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
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
        ConvexFamilySupport.Restored<SemiNmfLearner> restored =
                ConvexFamilySupport.restore(directory, ID, this::create, SemiNmfLearner::concepts);
        SemiNmfLearner learner = restored.learner();
        return new SemiNmfDictionary(restored.atoms(), restored.values().asMap(), learner.iterations().encodeMaxIter(),
                learner.iterations().encodeTol(), restored.provenance());
    }
}
