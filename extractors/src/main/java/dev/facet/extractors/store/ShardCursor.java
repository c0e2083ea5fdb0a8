package dev.facet.extractors.store;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.function.IntFunction;

/**
 * Walks the rows of a sequence of shards, loading one shard at a time: only the current shard is
 * held in memory, and the previous one is dropped before the next is read.
 */
final class ShardCursor {
    private final int[] order;
    private final IntFunction<FloatMatrix> loader;
    private int nextShard;
    private FloatMatrix shard;
    private int row;

    /**
     * @param order  shard indices in the order to visit them
     * @param loader reads a shard by index
     */
    ShardCursor(int[] order, IntFunction<FloatMatrix> loader) {
        this.order = order.clone();
        this.loader = loader;
    }

    /** Whether a row is available, loading the next shard when the current one is used up. */
    boolean hasRow() {
        while (shard == null || row >= shard.rows()) {
            shard = null;
            if (nextShard >= order.length) {
                return false;
            }
            shard = loader.apply(order[nextShard++]);
            row = 0;
        }
        return true;
    }

    /** Rows left in the current shard; call after {@link #hasRow()}. */
    int rowsLeftInShard() {
        return shard.rows() - row;
    }

    /** The current shard's values; the current row starts at {@code row() * dim}. */
    float[] data() {
        return shard.data();
    }

    /** Index of the current row in the current shard. */
    int row() {
        return row;
    }

    /** Copies the next {@code count} rows of the current shard to row {@code targetRow} of {@code target} and moves past them. */
    void copyRows(float[] target, int targetRow, int count) {
        int dim = shard.cols();
        System.arraycopy(shard.data(), row * dim, target, targetRow * dim, count * dim);
        row += count;
    }

    /** Moves past {@code rows} rows of the current shard. */
    void advance(int rows) {
        row += rows;
    }

    /** Drops the current shard and skips the remaining ones. */
    void release() {
        shard = null;
        nextShard = order.length;
    }
}
