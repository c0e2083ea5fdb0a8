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

    /**
     * About how many bytes of memory {@link #fit} needs for its own state on data of width
     * {@code inputDim} with {@code rows} rows: the parameter matrices and what it keeps per
     * parameter (gradients, optimiser moments, checkpoint copies), plus any data it holds in memory.
     * Callers compare it with the heap before fitting (see {@link MemoryEstimate#requireHeap}), so a
     * configuration that cannot fit is refused with the size needed instead of failing mid-run.
     *
     * @return the estimate, or {@code -1} when unknown (the default)
     * @throws dev.facet.spi.ConfigException when one of the learner's matrices cannot be a Java array
     *                                       (see {@link MemoryEstimate#arrayLength})
     */
    default long estimatedBytes(int inputDim, long rows) {
        return -1;
    }
}
