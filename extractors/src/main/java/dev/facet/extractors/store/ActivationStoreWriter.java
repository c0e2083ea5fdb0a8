package dev.facet.extractors.store;

import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.io.OutputDirectory;
import dev.facet.spi.io.OutputLock;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an activation store: images' token activations are buffered and written as shards of
 * whole images, each shard atomically (temp file, fsync, rename), and only then listed in
 * {@code manifest.json}, itself replaced atomically. A process killed at any moment therefore
 * leaves a store whose manifest lists only complete shards; {@link #open} resumes it after the
 * last of them and {@link #imagesDone()} tells the caller how many images to skip.
 *
 * <p>Call {@link #finish()} after the last image: it writes the final partial shard and marks the
 * store complete. {@link #close()} without {@code finish()} (e.g. when extraction failed) still
 * writes the buffered images but leaves the store marked incomplete, so a rerun resumes it. Not
 * thread-safe. One writer per directory: the writer holds the directory's {@link OutputLock} from
 * {@code create}/{@code open} to {@link #close()}, so a second writer fails at once naming the first.
 */
public final class ActivationStoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationStoreWriter.class);
    private static final String KIND = "an activation store";
    /** Files only a store holds; the manifest's temporary name is left by a run killed before its first manifest. */
    private static final String[] MARKERS = {ManifestJson.FILE_NAME, ManifestJson.FILE_NAME + AtomicFiles.TMP_SUFFIX};

    private final Path dir;
    private final StoreMetadata metadata;
    private final float[] buffer;
    private final List<String> bufferedIds;
    private final int[] bufferedRows;
    private int bufferedValues;
    private final OutputLock lock;
    private StoreManifest manifest;
    private boolean open = true;

    private ActivationStoreWriter(Path dir, StoreManifest manifest, OutputLock lock) {
        this.dir = dir;
        this.lock = lock;
        this.metadata = manifest.metadata();
        this.manifest = manifest;
        this.buffer = new float[metadata.imagesPerShard() * metadata.tokensPerImage() * metadata.dim()];
        this.bufferedIds = new ArrayList<>(metadata.imagesPerShard());
        this.bufferedRows = new int[metadata.imagesPerShard()];
    }

    /**
     * Starts a new store in {@code dir}, which must not exist or be empty (but for its lock file);
     * writes an empty manifest right away so that a rerun can {@link #open} it.
     *
     * @throws dev.facet.spi.OutputLockedException when another writer holds the directory
     */
    public static ActivationStoreWriter create(Path dir, StoreMetadata metadata) {
        return locked(dir, lock -> create(dir, metadata, lock));
    }

    /**
     * Refuses {@code dir} as a store's directory when {@link OutputDirectory#requireSafe} does: a root,
     * a system directory, or a non-empty directory that is not a store.
     *
     * @param field where the path was given, for the message (e.g. {@code "facet extract --out"})
     */
    public static Path requireOutput(Path dir, String field) {
        return OutputDirectory.requireSafe(dir, field, KIND, MARKERS);
    }

    /**
     * Checks {@code dir} as {@link #requireOutput} does, creates it if needed and takes its {@link OutputLock},
     * for a writer of the store other than this class (one that commits shards written elsewhere).
     *
     * @throws dev.facet.spi.OutputLockedException when another writer holds the directory
     */
    public static OutputLock lock(Path dir) {
        return OutputLock.acquire(dir, "activation store", KIND, MARKERS);
    }

    /** Locks {@code dir} for a writer that {@code open} makes; releases the lock if it fails. */
    private static ActivationStoreWriter locked(Path dir, Function<OutputLock, ActivationStoreWriter> open) {
        OutputLock lock = lock(dir);
        try {
            return open.apply(lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static ActivationStoreWriter create(Path dir, StoreMetadata metadata, OutputLock lock) {
        StoreMetadata normalized = ManifestJson.normalize(metadata);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                List<String> present = entries.map(p -> p.getFileName().toString())
                        .filter(name -> !name.equals(OutputLock.FILE)).sorted().limit(5).toList();
                if (!present.isEmpty()) {
                    throw new ConfigException("Cannot create an activation store in " + dir
                            + ": expected an empty directory, found " + present
                            + (present.contains(ManifestJson.FILE_NAME) ? "; open() resumes an existing store" : ""));
                }
            }
        } catch (IOException e) {
            throw new FacetException("Cannot create store directory " + dir + ": " + e.getMessage(), e);
        }
        StoreManifest manifest = StoreManifest.empty(normalized);
        writeManifest(dir, manifest);
        LOG.info("Created activation store {}: {} tokens of dim {} per image (padding {}), {}, at most {} rows per shard",
                dir, metadata.tokensPerImage(), metadata.dim(), metadata.padding(), metadata.dtype().jsonName(),
                metadata.rowsPerShard());
        return new ActivationStoreWriter(dir, manifest, lock);
    }

    /**
     * Resumes the store in {@code dir}, or creates it when {@code dir} holds no manifest. On
     * resume, leftover {@code *.tmp} files and shards not listed in the manifest (written by a run
     * killed before it updated the manifest) are deleted; writing continues after the last listed
     * shard.
     *
     * @throws ConfigException           if the stored metadata differs from {@code metadata}; the
     *                                   message names every differing field
     * @throws CorruptArtifactException  if the manifest is damaged or a listed shard is missing
     * @throws dev.facet.spi.OutputLockedException when another writer holds the directory
     */
    public static ActivationStoreWriter open(Path dir, StoreMetadata metadata) {
        return locked(dir, lock -> open(dir, metadata, lock));
    }

    private static ActivationStoreWriter open(Path dir, StoreMetadata metadata, OutputLock lock) {
        if (!Files.isRegularFile(dir.resolve(ManifestJson.FILE_NAME))) {
            deleteMatching(dir, name -> name.endsWith(AtomicFiles.TMP_SUFFIX));
            return create(dir, metadata, lock);
        }
        StoreManifest manifest = ManifestJson.read(dir);
        List<String> differences = manifest.metadata().differences(ManifestJson.normalize(metadata));
        if (!differences.isEmpty()) {
            throw new ConfigException("Activation store " + dir + " was written with different metadata ("
                    + "stored vs requested): " + String.join("; ", differences)
                    + ". Use a new directory or the stored settings.");
        }
        Set<String> listed = new TreeSet<>();
        for (ShardEntry shard : manifest.shards()) {
            listed.add(shard.file());
            listed.add(shard.imageIdsFile());
        }
        int removed = deleteMatching(dir, name -> name.endsWith(AtomicFiles.TMP_SUFFIX)
                || (ShardEntry.isShardFileName(name) && !listed.contains(name)));
        for (String name : listed) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new CorruptArtifactException(dir.resolve(name), "missing: listed in manifest.json");
            }
        }
        LOG.info("Resuming activation store {} after {} images in {} shards; removed {} leftover files", dir,
                manifest.totalImages(), manifest.shards().size(), removed);
        return new ActivationStoreWriter(dir, manifest, lock);
    }

    /**
     * Adds one image's tokens.
     *
     * @param imageId a non-blank id without line breaks, written to the shard's sidecar
     * @param tokens  {@code tokensPerImage x dim} finite values (within the float16 range for a
     *                float16 store); when the store drops padding, 1 to {@code tokensPerImage} rows
     * @throws InvalidDataException naming the image if the id or tokens are unusable
     */
    public void append(String imageId, FloatMatrix tokens) {
        requireOpen();
        if (imageId == null || imageId.isBlank() || imageId.indexOf('\n') >= 0 || imageId.indexOf('\r') >= 0) {
            throw new InvalidDataException("Invalid image id " + (imageId == null ? "null" : "'" + imageId + "'")
                    + "; expected a non-blank id without line breaks");
        }
        String what = "Tokens of image '" + imageId + "'";
        boolean rowsFit = metadata.dropsPadding() ? tokens.rows() >= 1 && tokens.rows() <= metadata.tokensPerImage()
                : tokens.rows() == metadata.tokensPerImage();
        if (!rowsFit || tokens.cols() != metadata.dim()) {
            throw new InvalidDataException(what + " are " + tokens.rows() + "x" + tokens.cols() + "; expected "
                    + (metadata.dropsPadding() ? "1 to " : "") + metadata.tokensPerImage() + "x" + metadata.dim()
                    + " (tokensPerImage x dim)");
        }
        tokens.requireFinite(what);
        metadata.dtype().requireRepresentable(what, tokens);
        if (bufferedIds.size() == metadata.imagesPerShard()) {
            flush(); // retries a shard whose write failed on the previous append
        }
        System.arraycopy(tokens.data(), 0, buffer, bufferedValues, tokens.data().length);
        bufferedValues += tokens.data().length;
        bufferedRows[bufferedIds.size()] = tokens.rows();
        bufferedIds.add(imageId);
        if (bufferedIds.size() == metadata.imagesPerShard()) {
            flush();
        }
    }

    /** Images stored so far, including those of a resumed run and those not yet in a shard. */
    public long imagesDone() {
        return manifest.totalImages() + bufferedIds.size();
    }

    /** The manifest as last written: complete shards only. */
    public StoreManifest manifest() {
        return manifest;
    }

    /** The store directory. */
    public Path directory() {
        return dir;
    }

    /** Writes the buffered images as a final shard and marks the store complete. */
    public void finish() {
        requireOpen();
        flush();
        manifest = manifest.completed();
        writeManifest(dir, manifest);
        open = false;
        LOG.info("Finished activation store {}: {} images, {} rows in {} shards", dir, manifest.totalImages(),
                manifest.totalRows(), manifest.shards().size());
    }

    /**
     * Writes the buffered images as a shard (the store stays incomplete unless {@link #finish()} ran)
     * and releases the directory's lock.
     */
    @Override
    public void close() {
        try {
            if (open) {
                open = false;
                flush();
            }
        } finally {
            lock.close();
        }
    }

    /**
     * Releases the lock without writing the buffered images: what a killed process leaves behind,
     * for tests that simulate one in-process.
     */
    void abandon() {
        open = false;
        lock.close();
    }

    private void flush() {
        if (bufferedIds.isEmpty()) {
            return;
        }
        int index = manifest.shards().size();
        ShardEntry shard = ShardFile.write(dir, index, buffer, bufferedIds, bufferedRows, manifest.totalImages(),
                metadata);
        manifest = manifest.withShard(shard);
        writeManifest(dir, manifest);
        bufferedIds.clear();
        bufferedValues = 0;
        LOG.debug("Wrote {} ({} images, {} rows)", shard.file(), shard.images(), shard.rows());
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("The writer of activation store " + dir + " is already finished or closed");
        }
    }

    private static void writeManifest(Path dir, StoreManifest manifest) {
        byte[] json = ManifestJson.toBytes(manifest);
        AtomicFiles.writeStream(dir.resolve(ManifestJson.FILE_NAME), out -> out.write(json));
    }

    /** Deletes the regular files of {@code dir} whose names match {@code leftover}; returns how many. */
    private static int deleteMatching(Path dir, Predicate<String> leftover) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                if (leftover.test(entry.getFileName().toString()) && Files.isRegularFile(entry)) {
                    LOG.info("Removing {}, left over by an interrupted run", entry);
                    Files.delete(entry);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new FacetException("Cannot clean up store directory " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
