package dev.facet.spi.dictionary;

import dev.facet.spi.tensor.FloatMatrix;

/**
 * Activations a learner reads in mini-batches: an in-memory matrix or an on-disk store streamed
 * shard by shard, so memory does not grow with the data.
 */
public interface ActivationSource {

    /** Width d of every row. */
    int dim();

    /** Total number of rows. */
    long rows();

    /**
     * Opens one pass over the data.
     *
     * @param batchSize rows per batch (the last batch may be smaller)
     * @param shuffle   whether to visit rows in a seeded random order
     * @param seed      seed of that order
     */
    BatchStream openBatches(int batchSize, boolean shuffle, long seed);

    /**
     * What the data are, for provenance records: at least {@code rows} and {@code dim}; an
     * activation store adds its path, model, hook point and token selection.
     */
    default java.util.Map<String, Object> describe() {
        return java.util.Map.of("rows", rows(), "dim", dim());
    }

    /** An in-memory source over {@code matrix}. */
    static ActivationSource of(FloatMatrix matrix) {
        return new InMemoryActivationSource(matrix);
    }
}
