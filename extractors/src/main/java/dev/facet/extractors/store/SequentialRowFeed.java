package dev.facet.extractors.store;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.function.IntFunction;

/** Delivers rows in store order: shard by shard, rows in order, copying whole runs at a time. */
final class SequentialRowFeed implements RowFeed {
    private final ShardCursor cursor;

    SequentialRowFeed(int[] order, IntFunction<FloatMatrix> loader) {
        this.cursor = new ShardCursor(order, loader);
    }

    @Override
    public int fill(float[] target, int targetRow, int maxRows) {
        int filled = 0;
        while (filled < maxRows && cursor.hasRow()) {
            int count = Math.min(maxRows - filled, cursor.rowsLeftInShard());
            cursor.copyRows(target, targetRow + filled, count);
            filled += count;
        }
        return filled;
    }

    @Override
    public int shuffleBufferCapacity() {
        return 0;
    }

    @Override
    public int maxBufferedRows() {
        return 0;
    }

    @Override
    public void release() {
        cursor.release();
    }
}
