package dev.facet.dictionaries.nmf;

import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.util.List;

/** The learners of this package, for the built-in plugin to register. */
public final class NmfLearners {

    private NmfLearners() {
    }

    /** {@code nmf} ({@link NmfLearnerFactory}). */
    public static List<DictionaryLearnerFactory> builtins() {
        return List.of(new NmfLearnerFactory());
    }
}
