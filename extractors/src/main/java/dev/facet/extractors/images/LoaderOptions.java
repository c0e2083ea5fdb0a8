package dev.facet.extractors.images;

import dev.facet.spi.ConfigException;

/**
 * How an {@link ImageBatchLoader} reads a source.
 *
 * @param batchSize       images per batch (the last batch may hold fewer), in [1, 65536]
 * @param threads         worker threads that decode and preprocess, in [1, 256]
 * @param batchesInFlight how many batches' worth of images may be decoded ahead of the consumer, in
 *                        [1, 64]; memory use is about {@code (batchesInFlight + 1) * batchSize}
 *                        preprocessed images
 * @param startIndex      index of the first item to load; items before it are never decoded (resume)
 */
public record LoaderOptions(int batchSize, int threads, int batchesInFlight, int startIndex) {
    private static final int MAX_BATCH_SIZE = 1 << 16;
    private static final int MAX_THREADS = 256;
    private static final int MAX_BATCHES_IN_FLIGHT = 64;
    private static final int DEFAULT_BATCHES_IN_FLIGHT = 2;

    public LoaderOptions {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw ConfigException.outOfRange("batchSize", batchSize, "[1, " + MAX_BATCH_SIZE + "]");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw ConfigException.outOfRange("threads", threads, "[1, " + MAX_THREADS + "]");
        }
        if (batchesInFlight < 1 || batchesInFlight > MAX_BATCHES_IN_FLIGHT) {
            throw ConfigException.outOfRange("batchesInFlight", batchesInFlight, "[1, " + MAX_BATCHES_IN_FLIGHT + "]");
        }
        if (startIndex < 0) {
            throw ConfigException.outOfRange("startIndex", startIndex, ">= 0");
        }
    }

    /**
     * Batches of {@code batchSize}, one thread per available processor (at most 256), two batches in
     * flight, starting at the first item.
     */
    public static LoaderOptions withBatchSize(int batchSize) {
        int processors = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
        return new LoaderOptions(batchSize, processors, DEFAULT_BATCHES_IN_FLIGHT, 0);
    }

    public LoaderOptions withThreads(int newThreads) {
        return new LoaderOptions(batchSize, newThreads, batchesInFlight, startIndex);
    }

    public LoaderOptions withBatchesInFlight(int newBatchesInFlight) {
        return new LoaderOptions(batchSize, threads, newBatchesInFlight, startIndex);
    }

    public LoaderOptions withStartIndex(int newStartIndex) {
        return new LoaderOptions(batchSize, threads, batchesInFlight, newStartIndex);
    }

    /** Upper bound on images submitted to the workers and not yet taken by the consumer. */
    int imagesInFlight() {
        return batchesInFlight * batchSize;
    }
}
