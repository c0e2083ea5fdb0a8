package dev.facet.extractors.store;

import java.util.SplittableRandom;

/**
 * A fixed-capacity pool of rows from which rows leave in random order: once full, each incoming
 * row replaces a uniformly chosen buffered row, which is delivered. Memory is
 * {@code capacity * dim} floats, allocated once.
 */
final class ShuffleBuffer {
    private final int capacity;
    private final int dim;
    private final SplittableRandom random;
    private float[] rows;
    private int size;
    private int maxSize;

    ShuffleBuffer(int capacity, int dim, SplittableRandom random) {
        this.capacity = capacity;
        this.dim = dim;
        this.random = random;
        this.rows = new float[capacity * dim];
    }

    int capacity() {
        return capacity;
    }

    /** The most rows held at once so far. */
    int maxSize() {
        return maxSize;
    }

    boolean isFull() {
        return size == capacity;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds row {@code sourceRow} of {@code source}; the buffer must not be full. */
    void add(float[] source, int sourceRow) {
        System.arraycopy(source, sourceRow * dim, rows, size * dim, dim);
        size++;
        maxSize = Math.max(maxSize, size);
    }

    /** Moves a random buffered row to {@code target} and puts row {@code sourceRow} of {@code source} in its place. */
    void exchange(float[] source, int sourceRow, float[] target, int targetRow) {
        int slot = random.nextInt(size);
        System.arraycopy(rows, slot * dim, target, targetRow * dim, dim);
        System.arraycopy(source, sourceRow * dim, rows, slot * dim, dim);
    }

    /** Moves a random buffered row to {@code target}; the buffer must not be empty. */
    void removeRandom(float[] target, int targetRow) {
        int slot = random.nextInt(size);
        System.arraycopy(rows, slot * dim, target, targetRow * dim, dim);
        size--;
        System.arraycopy(rows, size * dim, rows, slot * dim, dim);
    }

    /** Drops every row and the storage. */
    void release() {
        rows = new float[0];
        size = 0;
    }
}
