package dev.facet.extractors.store;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.function.IntFunction;

/**
 * Delivers rows in a random order with bounded memory: shards are read in a shuffled order and
 * their rows pass through a {@link ShuffleBuffer}; once the last shard is read, the buffer drains
 * in random order. Every row is delivered exactly once.
 */
final class ShuffledRowFeed implements RowFeed {
    private final ShardCursor cursor;
    private final ShuffleBuffer buffer;

    /**
     * @param order  shard indices, already shuffled
     * @param loader reads a shard by index
     * @param buffer the buffer rows pass through
     */
    ShuffledRowFeed(int[] order, IntFunction<FloatMatrix> loader, ShuffleBuffer buffer) {
        this.cursor = new ShardCursor(order, loader);
        this.buffer = buffer;
    }

    @Override
    public int fill(float[] target, int targetRow, int maxRows) {
        int filled = 0;
        while (filled < maxRows) {
            if (cursor.hasRow()) {
                if (buffer.isFull()) {
                    buffer.exchange(cursor.data(), cursor.row(), target, targetRow + filled);
                    filled++;
                } else {
                    buffer.add(cursor.data(), cursor.row());
                }
                cursor.advance(1);
            } else if (!buffer.isEmpty()) {
                buffer.removeRandom(target, targetRow + filled);
                filled++;
            } else {
                break;
            }
        }
        return filled;
    }

    @Override
    public int shuffleBufferCapacity() {
        return buffer.capacity();
    }

    @Override
    public int maxBufferedRows() {
        return buffer.maxSize();
    }

    @Override
    public void release() {
        cursor.release();
        buffer.release();
    }
}
