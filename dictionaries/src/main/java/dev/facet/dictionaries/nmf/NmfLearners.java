package dev.facet.dictionaries.nmf;

import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.List;

/** The non-negative matrix factorisation learner, for the built-in plugin to register. */
public final class NmfLearners {

    private NmfLearners() {
    }

    /** {@code nmf} ({@link NmfLearnerFactory}). */
    public static List<DictionaryLearnerFactory> factories() {
        return List.of(new NmfLearnerFactory());
    }
}
