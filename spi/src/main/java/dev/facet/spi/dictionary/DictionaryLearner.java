package dev.facet.spi.dictionary;

import dev.facet.spi.run.RunContext;

/** A configured learning algorithm; one {@link #fit} makes one dictionary. */
public interface DictionaryLearner {

    /**
     * Learns a dictionary from {@code data}.
     *
     * @param data    activations, in memory or streamed from an activation store
     * @param context seed, output directory (checkpoints), progress and cancellation
     * @return the dictionary; the caller owns and closes it
     */
    Dictionary fit(ActivationSource data, RunContext context);
}
