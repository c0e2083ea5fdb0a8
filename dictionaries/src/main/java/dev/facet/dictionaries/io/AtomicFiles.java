package dev.facet.dictionaries.io;

import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * file, which the next write replaces.
 */
final class AtomicFiles {

    /** Suffix of files being written. */
    static final String TMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Produces a file's content. */
    @FunctionalInterface
    interface Content {
        /** Writes the whole content to {@code channel}; must not close it. */
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /** The temporary name {@code target} is written under before the rename. */
    static Path tmpFor(Path target) {
        return target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    }

    /** Writes {@code content} to {@code target} atomically, replacing any previous file. */
    static void write(Path target, Content content) {
        Path tmp = tmpFor(target);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new FacetException("Cannot write " + target + ": " + e, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    static void write(Path target, byte[] bytes) {
        write(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
    }

    /** Writes every remaining byte of {@code buffer}. */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Forces a directory's entries (a rename) to disk. Not every platform can open a directory;
     * there the rename is left to the file system.
     */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
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
