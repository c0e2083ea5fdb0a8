package dev.facet.spark;

import dev.facet.pipeline.Stages;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.io.AtomicFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * An output folder reached through Hadoop's {@link FileSystem} API, so that a job writes to local disk,
 * HDFS or an object store alike. Paths are relative to the root, with {@code /} between parts. A plain
 * path (no scheme) is a folder of the local file system, written without Hadoop's {@code .crc} side files.
 */
public final class HadoopOutput {
    private static final String TMP = ".tmp-";

    private final FileSystem fs;
    private final Path root;
    private final java.nio.file.Path localRoot;

    private HadoopOutput(FileSystem fs, Path root, java.nio.file.Path localRoot) {
        this.fs = fs;
        this.root = root;
        this.localRoot = localRoot;
    }

    /**
     * The output at {@code pathOrUri}: a plain or {@code file:} path is the local file system, anything else
     * ({@code hdfs://}, {@code s3a://}, ...) the Hadoop file system of its scheme.
     */
    public static HadoopOutput of(String pathOrUri, Configuration conf) {
        try {
            URI uri = Stages.isUri(pathOrUri) ? URI.create(pathOrUri) : null;
            if (uri == null || "file".equals(uri.getScheme())) {
                java.nio.file.Path local = (uri == null ? java.nio.file.Path.of(pathOrUri) : java.nio.file.Path.of(uri))
                        .toAbsolutePath().normalize();
                return new HadoopOutput(FileSystem.getLocal(conf).getRawFileSystem(), new Path(local.toUri()), local);
            }
            Path root = new Path(uri);
            return new HadoopOutput(root.getFileSystem(conf), root, null);
        } catch (IOException | IllegalArgumentException e) {
            throw new FacetException("Cannot reach the output " + pathOrUri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code pathOrUri} names a folder of the local file system: a path, or a {@code file:} URI. What
     * counts as a URI is {@link Stages#isUri}'s rule, the one the commands apply.
     */
    public static boolean isLocalPath(String pathOrUri) {
        return !Stages.isUri(pathOrUri) || pathOrUri.startsWith("file:");
    }

    /**
     * {@code relative} as a path for messages and exceptions: the local file, or the path part of the URI
     * (an exception names files by {@link java.nio.file.Path}).
     */
    public java.nio.file.Path named(String relative) {
        return isLocal() ? localRoot.resolve(relative) : java.nio.file.Path.of(path(relative).toUri().getPath());
    }

    /** The output folder. */
    public Path root() {
        return root;
    }

    /** Whether the output is on the local file system. */
    public boolean isLocal() {
        return localRoot != null;
    }

    /** The output folder on the local file system; only for a local output. */
    public java.nio.file.Path localPath() {
        if (localRoot == null) {
            throw new IllegalStateException(root + " is not on the local file system");
        }
        return localRoot;
    }

    /**
     * The output as a user and another JVM name it: the local folder's path, or the URI with its scheme and
     * authority ({@code hdfs://namenode:8020/stores/a}), which {@link #of} opens again.
     */
    public String location() {
        return isLocal() ? localRoot.toString() : root.toString();
    }

    /** The Hadoop path of {@code relative}. */
    public Path path(String relative) {
        return relative.isEmpty() ? root : new Path(root, relative);
    }

    /**
     * Writes {@code bytes} to {@code relative} so that readers see the old content or the new, never a part:
     * on the local file system through a synced temporary file moved into place; elsewhere through a
     * temporary file renamed over the target (in one step on HDFS; on a file system whose rename does not
     * replace, the target is deleted first).
     */
    public void writeAtomically(String relative, byte[] bytes) {
        if (isLocal()) {
            java.nio.file.Path target = localRoot.resolve(relative);
            io(relative, () -> Files.createDirectories(target.getParent()));
            AtomicFiles.write(target, bytes);
            return;
        }
        Path target = path(relative);
        Path temp = new Path(target.getParent(), target.getName() + TMP + UUID.randomUUID());
        io(relative, () -> {
            try (OutputStream out = fs.create(temp, true)) {
                out.write(bytes);
            }
            replace(temp, target);
        });
    }

    /** Copies the local file {@code local} to {@code relative} and checks the copy's length. */
    public void upload(java.nio.file.Path local, String relative) {
        Path target = path(relative);
        io(relative, () -> {
            fs.copyFromLocalFile(false, true, new Path(local.toAbsolutePath().toUri()), target);
            long expected = Files.size(local);
            long written = fs.getFileStatus(target).getLen();
            if (written != expected) {
                throw new CorruptArtifactException(named(relative),
                        "uploaded " + written + " bytes of " + expected + " from " + local);
            }
        });
    }

    /** Whether {@code relative} exists (a file or a folder). */
    public boolean exists(String relative) {
        return io(relative, () -> fs.exists(path(relative)));
    }

    /** The length of the file {@code relative}. */
    public long length(String relative) {
        return io(relative, () -> fs.getFileStatus(path(relative)).getLen());
    }

    /** The content of the file {@code relative}. */
    public byte[] read(String relative) {
        return io(relative, () -> {
            try (InputStream in = fs.open(path(relative))) {
                return in.readAllBytes();
            }
        });
    }

    /** Copies the file {@code relative} to the local file {@code local}. */
    public void download(String relative, java.nio.file.Path local) {
        io(relative, () -> fs.copyToLocalFile(false, path(relative), new Path(local.toAbsolutePath().toUri()), true));
    }

    /** The names in the folder {@code relativeDir}, sorted; empty when it does not exist. */
    public List<String> list(String relativeDir) {
        return io(relativeDir, () -> {
            List<String> names = new ArrayList<>();
            try {
                for (FileStatus status : fs.listStatus(path(relativeDir))) {
                    names.add(status.getPath().getName());
                }
            } catch (FileNotFoundException e) {
                return List.of();
            }
            names.sort(null);
            return names;
        });
    }

    /** Deletes {@code relative}, a file or a whole folder; nothing when it does not exist. */
    public void delete(String relative) {
        io(relative, () -> fs.delete(path(relative), true));
    }

    /** Creates the folder {@code relative} and its parents. */
    public void mkdirs(String relative) {
        io(relative, () -> fs.mkdirs(path(relative)));
    }

    /**
     * Renames {@code from} to {@code to}, whose parent is created if needed.
     *
     * @return false when {@code to} already exists or {@code from} does not (nothing changed)
     */
    public boolean rename(String from, String to) {
        return io(from, () -> {
            Path target = path(to);
            if (fs.exists(target) || !fs.exists(path(from))) {
                return false;
            }
            fs.mkdirs(target.getParent());
            return fs.rename(path(from), target);
        });
    }

    private void replace(Path temp, Path target) throws IOException {
        if (fs instanceof DistributedFileSystem hdfs) {
            // one step on HDFS, so that neither a reader nor a driver killed here finds the target missing
            hdfs.rename(temp, target, Options.Rename.OVERWRITE);
            return;
        }
        if (!fs.rename(temp, target)) {
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                fs.delete(temp, false);
                throw new IOException("cannot rename " + temp + " to " + target);
            }
        }
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private interface IoVoid {
        void run() throws IOException;
    }

    private <T> T io(String relative, IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw new FacetException("Cannot access " + path(relative) + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new FacetException("Cannot access " + path(relative) + ": " + e.getMessage(), e);
        }
    }

    private void io(String relative, IoVoid action) {
        io(relative, () -> {
            action.run();
            return null;
        });
    }
}
