package dev.facet.spi.io;

import dev.facet.spi.FacetException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that it either appears complete under its final name or not at all: the
 * content goes to {@code NAME.tmp}, is forced to disk, then renamed atomically over {@code NAME},
 * and the directory entry is forced too. A process killed midway leaves at most a {@code .tmp}
 * file, which the next write replaces (or a resuming writer deletes). Every Facet artifact
 * (shards, manifests, dictionaries) is written this way; plugins writing artifacts should too.
 */
public final class AtomicFiles {

    /** Suffix of files being written. */
    public static final String TMP_SUFFIX = ".tmp";

    private static final System.Logger LOG = System.getLogger(AtomicFiles.class.getName());

    /** Produces a file's content on a channel. */
    @FunctionalInterface
    public interface ChannelContent {
        /** Writes the whole content to {@code channel}; must not close it. */
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Produces a file's content on a (buffered) stream. */
    @FunctionalInterface
    public interface StreamContent {
        /** Writes the whole content to {@code out}; must not close it. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** The temporary name {@code target} is written under before the rename. */
    public static Path tmpFor(Path target) {
        return target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    }

    /**
     * Writes {@code content} to {@code target} atomically, replacing any previous file.
     *
     * @throws FacetException naming the file when it cannot be written
     */
    public static void write(Path target, ChannelContent content) {
        write(target, content, true);
    }

    /**
     * Writes {@code bytes} to {@code target} by a rename, without forcing them to disk: a killed
     * process never leaves a half-written file under the name, but a power loss may lose it. For
     * many small files that are cheap to make again (an atlas's pictures), where one fsync each
     * would dominate the cost.
     */
    public static void writeWithoutSync(Path target, byte[] bytes) {
        write(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)), false);
    }

    private static void write(Path target, ChannelContent content, boolean sync) {
        Path tmp = tmpFor(target);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                if (sync) {
                    channel.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (sync) {
                syncDirectory(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new FacetException("Cannot write " + target + ": " + e, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Writes {@code content} through a 64 KiB buffered stream to {@code target} atomically. */
    public static void writeStream(Path target, StreamContent content) {
        write(target, channel -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            content.writeTo(out);
            out.flush();
        });
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) {
        write(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
    }

    /** Writes every remaining byte of {@code buffer}. */
    public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Forces a directory's entries (a rename) to disk. Not every platform can open a directory;
     * there the rename is left to the file system.
     */
    public static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot sync directory " + dir + ": " + e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot delete the partial file " + file + ": " + e);
        }
    }
}
