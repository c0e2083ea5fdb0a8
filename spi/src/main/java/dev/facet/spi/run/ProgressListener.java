package dev.facet.spi.run;

/**
 * Receives progress of long work (extraction, training). The CLI draws a progress bar; library
 * users may log or ignore it. Implementations must be thread-safe: workers report concurrently.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Starts a task.
     *
     * @param name  what is being done, e.g. {@code extract}
     * @param total units of work expected, or {@code -1} when unknown
     * @param unit  what one unit is, e.g. {@code images}
     * @return a handle to report advances on; closing it marks the task finished
     */
    ProgressTask start(String name, long total, String unit);

    /** A listener that ignores everything. */
    static ProgressListener silent() {
        return (name, total, unit) -> ProgressTask.NONE;
    }
}
