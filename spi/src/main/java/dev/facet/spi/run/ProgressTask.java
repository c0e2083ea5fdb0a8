package dev.facet.spi.run;

/** One running task of a {@link ProgressListener}; close it when the task ends. */
public interface ProgressTask extends AutoCloseable {

    /** A task that records nothing. */
    ProgressTask NONE = new ProgressTask() {
        @Override
        public void advance(long units) {
        }

        @Override
        public void close() {
        }
    };

    /** Reports {@code units} more units of work done. */
    void advance(long units);

    /** Attaches a short status such as {@code loss=0.012}; ignored by default. */
    default void status(String message) {
    }

    @Override
    void close();
}
