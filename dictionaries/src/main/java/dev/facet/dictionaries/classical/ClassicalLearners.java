package dev.facet.dictionaries.classical;

import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.List;

/**
 * The classical learners (docs/algorithms.md#pca-and-truncated-svd onwards), for the built-in plugin to
 * register.
 */
public final class ClassicalLearners {

    private ClassicalLearners() {
    }

    /** Factories of the classical learners, sorted by id. */
    public static List<DictionaryLearnerFactory> factories() {
        return List.of(new DictionaryLearningFactory(), new IcaLearnerFactory(), new KMeansLearnerFactory(),
                ProjectionLearnerFactory.pca(), new SparsePcaFactory(), ProjectionLearnerFactory.svd());
    }
}
