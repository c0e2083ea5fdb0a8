package dev.facet.extractors.images;

import dev.facet.spi.CancelledException;
import dev.facet.spi.ConfigException;
import java.util.Locale;

/**
 * Heap bytes that image decodes may hold at once, shared by every thread that decodes. A decode
 * {@linkplain #acquire acquires} its estimated size before it starts and releases it once the image
 * has been reduced to the model's input size; while the budget is spent, further decodes wait, so any
 * number of loader threads decode within the same memory. Waiting never changes which images are
 * stored: only an image whose estimate exceeds the whole budget is refused, and that depends on the
 * image and the budget alone.
 *
 * <p>The {@linkplain #shared() shared} budget is {@value #DEFAULT_HEAP_PERCENT}% of the maximum heap:
 * the rest holds the batches in flight, the store writer's shard and the report's tables.
 * Thread-safe.
 */
public final class DecodeBudget {
    /** Percentage of {@link Runtime#maxMemory()} the shared budget may use. */
    public static final int DEFAULT_HEAP_PERCENT = 50;
    private static final DecodeBudget SHARED = new DecodeBudget(
            Runtime.getRuntime().maxMemory() / 100 * DEFAULT_HEAP_PERCENT);

    private final long totalBytes;
    private long availableBytes;

    /**
     * A budget of {@code totalBytes}.
     *
     * @throws ConfigException unless {@code totalBytes} is positive
     */
    public DecodeBudget(long totalBytes) {
        if (totalBytes < 1) {
            throw ConfigException.outOfRange("decode budget (bytes)", totalBytes, ">= 1");
        }
        this.totalBytes = totalBytes;
        this.availableBytes = totalBytes;
    }

    /** The budget every source uses unless it is given its own: half the maximum heap. */
    public static DecodeBudget shared() {
        return SHARED;
    }

    /** The whole budget in bytes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Bytes not held by any decode right now. */
    public synchronized long availableBytes() {
        return availableBytes;
    }

    /**
     * Whether a decode of {@code bytes} can ever run within this budget.
     */
    public boolean fits(long bytes) {
        return bytes <= totalBytes;
    }

    /**
     * Waits until {@code bytes} are free and takes them; close the lease to give them back.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative or more than the whole budget
     * @throws CancelledException       if the thread is interrupted while waiting
     */
    public Lease acquire(long bytes) {
        take(bytes);
        return new Lease(bytes);
    }

    private synchronized void take(long bytes) {
        if (bytes < 0 || !fits(bytes)) {
            throw new IllegalArgumentException("Cannot take " + bytes + " bytes from a decode budget of " + totalBytes);
        }
        while (availableBytes < bytes) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Interrupted while waiting for " + megabytes(bytes)
                        + " of the image decode budget");
            }
        }
        availableBytes -= bytes;
    }

    private synchronized void release(long bytes) {
        availableBytes += bytes;
        notifyAll();
    }

    /** {@code bytes} as megabytes with one decimal, e.g. {@code "1200.0 MB"}. */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    @Override
    public String toString() {
        return "decode budget of " + megabytes(totalBytes);
    }

    /** Bytes held from the budget until {@link #close()}. Not thread-safe; close it once. */
    public final class Lease implements AutoCloseable {
        private long held;

        private Lease(long held) {
            this.held = held;
        }

        /** Bytes this lease holds. */
        public long bytes() {
            return held;
        }

        /**
         * Makes this lease hold at least {@code bytes}: when it holds less, it gives back what it holds
         * and waits for the whole amount, so two growing leases never wait on each other.
         */
        public void ensure(long bytes) {
            if (bytes <= held) {
                return;
            }
            release(held);
            held = 0;
            take(bytes);
            held = bytes;
        }

        @Override
        public void close() {
            if (held > 0) {
                release(held);
                held = 0;
            }
        }
    }
}
