package dev.facet.spi.run;

import dev.facet.spi.CancelledException;

/**
 * Cooperative cancellation: long loops call {@link #throwIfCancelled(String)} between batches, so a
 * cancelled run stops at a batch boundary with its last checkpoint intact.
 */
public final class CancellationToken {
    private volatile boolean cancelled;
    private volatile String reason = "";

    /** A token that nobody has cancelled yet. */
    public static CancellationToken create() {
        return new CancellationToken();
    }

    /** Requests cancellation; idempotent. */
    public void cancel(String why) {
        reason = why == null ? "" : why;
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancelledException} naming {@code where} if cancellation was requested. */
    public void throwIfCancelled(String where) {
        if (cancelled) {
            throw new CancelledException(where + " was cancelled" + (reason.isEmpty() ? "" : ": " + reason));
        }
    }
}
