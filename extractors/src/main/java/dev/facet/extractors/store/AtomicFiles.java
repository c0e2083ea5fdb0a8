package dev.facet.extractors.store;

import dev.facet.spi.FacetException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file so that it either appears complete under its final name or not at all: the
 * content goes to {@code NAME.tmp}, is forced to disk, then renamed atomically over {@code NAME},
 * and the directory entry is forced too. A process killed midway leaves at most a {@code .tmp}
 * file, which a resuming writer deletes.
 */
final class AtomicFiles {

    /** Suffix of files being written. */
    static final String TMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Produces a file's content. */
    @FunctionalInterface
    interface Content {
        /** Writes the content to {@code out}; must not close it. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target} atomically, replacing any previous file. */
    static void write(Path target, Content content) {
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new FacetException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forces a directory's entries (a rename) to disk. Not every platform can open a directory;
     * there the rename is left to the file system.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the partial file {}: {}", file, e.toString());
        }
    }
}
