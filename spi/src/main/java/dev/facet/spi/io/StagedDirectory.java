package dev.facet.spi.io;

import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory output published whole (docs/formats.md#atomic-directories): it is written into the
 * sibling {@code .NAME.partial}, then {@link #publish} moves an older {@code NAME} to {@code .NAME.previous},
 * renames the staging directory to {@code NAME} and deletes the older one. A process killed at any
 * moment leaves the older output or nothing under {@code NAME}, plus leftovers that the next
 * {@link #begin} removes (restoring {@code .NAME.previous} when the kill came between the two renames).
 * The writer holds {@link OutputLock#acquireBeside the lock beside NAME} from {@code begin} to {@link #close}.
 */
public final class StagedDirectory implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StagedDirectory.class.getName());

    private final Path target;
    private final Path staging;
    private final Path previous;
    private final OutputLock lock;
    private boolean published;

    private StagedDirectory(Path target, OutputLock lock) {
        this.target = target;
        this.staging = sibling(target, ".partial");
        this.previous = sibling(target, ".previous");
        this.lock = lock;
    }

    /**
     * Checks {@code target} with {@link OutputDirectory#requireSafe}, locks it, cleans up what a killed
     * writer left and creates an empty staging directory.
     *
     * @param what    the output, for the messages and the lock file (e.g. {@code "atlas"})
     * @param kind    what is written, with its article (e.g. {@code "an atlas"})
     * @param markers files whose presence marks an earlier output of this kind, which is replaced
     */
    public static StagedDirectory begin(Path target, String what, String kind, String... markers) {
        Path absolute = OutputDirectory.requireSafe(target, what, kind, markers);
        OutputLock lock = OutputLock.acquireBeside(absolute, what);
        try {
            StagedDirectory staged = new StagedDirectory(absolute, lock);
            staged.recover();
            Files.createDirectories(staged.staging);
            return staged;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e instanceof RuntimeException runtime ? runtime
                    : new FacetException("Cannot prepare " + target + " for writing: " + e, e);
        }
    }

    /** Where the output is written until it is published. */
    public Path staging() {
        return staging;
    }

    /** The final directory. */
    public Path target() {
        return target;
    }

    /** Replaces {@link #target} with the finished staging directory. */
    public void publish() {
        try {
            AtomicFiles.syncDirectory(staging);
            DirectoryTrees.delete(previous);
            if (Files.exists(target)) {
                DirectoryTrees.rename(target, previous);
            }
            DirectoryTrees.rename(staging, target);
            AtomicFiles.syncDirectory(target.getParent());
            published = true;
            DirectoryTrees.delete(previous);
        } catch (IOException e) {
            throw new FacetException("Cannot publish " + staging + " as " + target + ": " + e, e);
        }
    }

    /** Deletes an unpublished staging directory and releases the lock. */
    @Override
    public void close() {
        try {
            if (!published) {
                DirectoryTrees.delete(staging);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot delete the unfinished " + staging + ": " + e);
        } finally {
            lock.close();
        }
    }

    private void recover() throws IOException {
        if (Files.exists(staging)) {
            LOG.log(System.Logger.Level.INFO, "Removing " + staging + ", left by an interrupted run");
            DirectoryTrees.delete(staging);
        }
        if (Files.exists(previous)) {
            if (Files.exists(target)) {
                DirectoryTrees.delete(previous);
            } else {
                LOG.log(System.Logger.Level.INFO, "Restoring " + target + " from " + previous
                        + ", left by a run interrupted while replacing it");
                DirectoryTrees.rename(previous, target);
            }
        }
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + suffix);
    }
}
