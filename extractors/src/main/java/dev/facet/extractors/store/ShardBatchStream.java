package dev.facet.extractors.store;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * One pass over an {@link ActivationStore} in mini-batches. Shards are read (and checksum
 * verified) one at a time as the pass reaches them; no file stays open between calls, and
 * {@link #close()} drops the buffered rows.
 */
public final class ShardBatchStream implements BatchStream {
    private final Path dir;
    private final int batchSize;
    private final long totalRows;
    private final int dim;
    private final RowFeed feed;
    private long delivered;
    private boolean closed;

    ShardBatchStream(Path dir, int batchSize, long totalRows, int dim, RowFeed feed) {
        this.dir = dir;
        this.batchSize = batchSize;
        this.totalRows = totalRows;
        this.dim = dim;
        this.feed = feed;
    }

    @Override
    public boolean hasNext() {
        return !closed && delivered < totalRows;
    }

    /**
     * The next batch of {@code batchSize} rows (fewer at the end of the pass).
     *
     * @throws CorruptArtifactException naming the shard, if a shard read for this batch is damaged
     */
    @Override
    public FloatMatrix next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "The batch stream is closed"
                    : "The pass is over: all " + totalRows + " rows were delivered");
        }
        int rows = (int) Math.min(batchSize, totalRows - delivered);
        float[] batch = new float[rows * dim];
        int filled = 0;
        while (filled < rows) {
            int count = feed.fill(batch, filled, rows - filled);
            if (count == 0) {
                throw new CorruptArtifactException(dir, "the shards ended after " + (delivered + filled)
                        + " rows; manifest.json declares " + totalRows);
            }
            filled += count;
        }
        delivered += rows;
        return new FloatMatrix(rows, dim, batch);
    }

    /** Rows delivered so far in this pass. */
    public long rowsDelivered() {
        return delivered;
    }

    /** Capacity of the shuffle buffer in rows; 0 for a sequential pass. */
    public int shuffleBufferCapacity() {
        return feed.shuffleBufferCapacity();
    }

    /** The most rows the shuffle buffer has held so far; never above {@link #shuffleBufferCapacity()}. */
    public int maxBufferedRows() {
        return feed.maxBufferedRows();
    }

    @Override
    public void close() {
        closed = true;
        feed.release();
    }
}
