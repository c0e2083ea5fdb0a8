package dev.facet.extractors.store;

/** Produces the rows of one pass over a store, in the order a {@link ShardBatchStream} delivers them. */
interface RowFeed {

    /**
     * Copies up to {@code maxRows} next rows into {@code target} (row-major, {@code dim} wide),
     * starting at row {@code targetRow}.
     *
     * @return how many rows were copied; 0 once every row was delivered
     */
    int fill(float[] target, int targetRow, int maxRows);

    /** Capacity of the shuffle buffer in rows; 0 when rows are not shuffled. */
    int shuffleBufferCapacity();

    /** The most rows the shuffle buffer held so far; 0 when rows are not shuffled. */
    int maxBufferedRows();

    /** Drops every buffered row and shard; the feed is exhausted afterwards. */
    void release();
}
