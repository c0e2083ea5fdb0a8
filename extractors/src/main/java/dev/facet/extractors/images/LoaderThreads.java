package dev.facet.extractors.images;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names and configures the worker threads of one {@link ImageBatchLoader}:
 * {@code facet-image-loader-<loader>-<thread>}, daemon threads so a loader that was never closed
 * cannot keep the JVM alive.
 */
final class LoaderThreads implements ThreadFactory {
    static final String NAME_PREFIX = "facet-image-loader-";
    private static final AtomicInteger LOADERS = new AtomicInteger();

    private final String prefix = NAME_PREFIX + LOADERS.incrementAndGet() + "-";
    private final AtomicInteger threads = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
