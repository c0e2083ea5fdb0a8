package dev.facet.extractors.store;

import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Reads an activation store written by {@link ActivationStoreWriter}: a directory with
 * {@code manifest.json} and shards {@code shard-NNNNN.npy} (float32 or float16, rows = tokens)
 * with image-id sidecars. Every shard read is checked against the manifest's SHA-256 before any
 * of its rows are used, so a damaged store fails with a {@link CorruptArtifactException} naming
 * the shard instead of yielding wrong activations.
 *
 * <p>The store is a snapshot of the manifest at {@link #open} time and holds no open files; each
 * read opens and closes the shard it needs. Passes stream shard by shard, so memory stays bounded
 * by a few shards however large the store is.
 */
public final class ActivationStore implements ActivationSource {

    private final Path dir;
    private final StoreManifest manifest;

    private ActivationStore(Path dir, StoreManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Opens the complete store in {@code dir}, reading and validating its manifest. A store whose
     * extraction was interrupted ({@code complete: false}) is refused: it holds only the images
     * stored before the kill.
     *
     * @throws CorruptArtifactException if the manifest is missing, malformed, inconsistent, of an
     *                                  unknown format version, or says the store is incomplete; the
     *                                  message names the file
     * @see #openIncomplete(Path)
     */
    public static ActivationStore open(Path dir) {
        ActivationStore store = openIncomplete(dir);
        if (!store.isComplete()) {
            throw new CorruptArtifactException(dir, "incomplete activation store: manifest.json says"
                    + " \"complete\": false, so its extraction was interrupted; it holds " + store.contents()
                    + ". Rerun the same facet extract to resume it, or allow an incomplete store explicitly"
                    + " (facet train/eval --allow-incomplete-store)");
        }
        return store;
    }

    /**
     * Opens the store in {@code dir} whether or not its writer finished: for resuming it, or for
     * callers that explicitly accept the rows stored so far.
     *
     * @throws CorruptArtifactException if the manifest is missing, malformed, inconsistent or of an
     *                                  unknown format version; the message names the file
     */
    public static ActivationStore openIncomplete(Path dir) {
        return new ActivationStore(dir, ManifestJson.read(dir));
    }

    /** What the store holds, for messages: {@code 196 images (19600 rows) in 4 shards}. */
    public String contents() {
        return images() + " images (" + rows() + " rows) in " + shards().size() + " shards";
    }

    @Override
    public int dim() {
        return manifest.metadata().dim();
    }

    @Override
    public long rows() {
        return manifest.totalRows();
    }

    /** Number of images in the store. */
    public long images() {
        return manifest.totalImages();
    }

    /** What the store holds. */
    @Override
    public java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> description = new java.util.LinkedHashMap<>();
        description.put("store", directory().toAbsolutePath().toString());
        description.put("model", metadata().model());
        description.put("hook_point", metadata().hookPoint());
        description.put("tokens", metadata().tokens());
        description.put("tokens_per_image", metadata().tokensPerImage());
        if (metadata().dropsPadding()) {
            description.put("padding", metadata().padding());
        }
        description.put("rows", rows());
        description.put("dim", dim());
        return description;
    }

    public StoreMetadata metadata() {
        return manifest.metadata();
    }

    /** The complete shards, in order. */
    public List<ShardEntry> shards() {
        return manifest.shards();
    }

    /** Whether the writer called {@code finish()}; an incomplete store can be resumed. */
    public boolean isComplete() {
        return manifest.complete();
    }

    /** The store directory. */
    public Path directory() {
        return dir;
    }

    /**
     * Checks every shard against the manifest: header (dtype, shape), exact length, SHA-256, and
     * the number of ids in its sidecar.
     *
     * @throws CorruptArtifactException naming the first damaged shard or sidecar
     */
    public void verify() {
        for (int index = 0; index < manifest.shards().size(); index++) {
            readShard(index);
            images(index);
        }
    }

    /**
     * The ids of shard {@code index}'s images, in row order; image {@code k} owns rows {@code [k*t, (k+1)*t)},
     * or, when padding was dropped, the rows {@link #images} gives it.
     */
    public List<String> imageIds(int index) {
        return images(index).ids();
    }

    /** The images of shard {@code index}: their ids and the rows each owns, in row order. */
    public ShardImages images(int index) {
        return ShardFile.readImages(dir, shard(index), metadata());
    }

    /** The rows of shard {@code index} (float16 converted to float), checksum verified. */
    public FloatMatrix readShard(int index) {
        return ShardFile.read(dir, shard(index), metadata(), manifest.firstRow(index));
    }

    /**
     * Opens one pass with a shuffle buffer of two shards' worth of rows (or the whole store, if
     * smaller).
     *
     * @see #openBatches(int, boolean, long, int)
     */
    @Override
    public ShardBatchStream openBatches(int batchSize, boolean shuffle, long seed) {
        return openBatches(batchSize, shuffle, seed, defaultShuffleBufferRows());
    }

    /** Two shards' worth of rows, or fewer when that would not fit one array. */
    int defaultShuffleBufferRows() {
        long twoShards = 2L * metadata().rowsPerShard();
        long fitsOneArray = StoreMetadata.MAX_SHARD_VALUES / dim();
        return (int) Math.min(twoShards, fitsOneArray);
    }

    /**
     * Opens one pass over every row, exactly once, in batches of {@code batchSize} (the last may be
     * smaller). Sequential passes deliver shards in order and rows in order. Shuffled passes visit
     * shards in a random order and mix rows through a buffer of at most {@code shuffleBufferRows}
     * rows: memory holds that buffer plus the shard being read. The random order is derived from
     * {@code seed}: the first {@link SplittableRandom#split()} of {@code new SplittableRandom(seed)}
     * permutes the shards, the second drives the buffer.
     *
     * @param shuffleBufferRows capacity of the shuffle buffer in rows, {@code >= 1}; ignored when
     *                          {@code shuffle} is false
     */
    public ShardBatchStream openBatches(int batchSize, boolean shuffle, long seed, int shuffleBufferRows) {
        return openBatches(batchSize, shuffle, seed, shuffleBufferRows, rows(), allShards(), this::readShard);
    }

    /**
     * One pass over {@code rows} rows read shard by shard by {@code loader} from {@code shards} (store
     * indices), in the order and with the shuffling of {@link #openBatches(int, boolean, long, int)}.
     */
    ShardBatchStream openBatches(int batchSize, boolean shuffle, long seed, int shuffleBufferRows, long rows,
                                 int[] shards, IntFunction<FloatMatrix> loader) {
        if (batchSize < 1 || (long) batchSize * dim() > StoreMetadata.MAX_SHARD_VALUES) {
            throw ConfigException.outOfRange("batch size", batchSize,
                    "[1, " + StoreMetadata.MAX_SHARD_VALUES / dim() + "]");
        }
        if (!shuffle) {
            return new ShardBatchStream(dir, batchSize, rows, dim(), new SequentialRowFeed(shards, loader));
        }
        if (shuffleBufferRows < 1 || (long) shuffleBufferRows * dim() > StoreMetadata.MAX_SHARD_VALUES) {
            throw ConfigException.outOfRange("shuffle buffer rows", shuffleBufferRows,
                    "[1, " + StoreMetadata.MAX_SHARD_VALUES / dim() + "]");
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom shardRandom = root.split();
        SplittableRandom bufferRandom = root.split();
        int capacity = (int) Math.min(shuffleBufferRows, Math.max(1, rows));
        ShuffleBuffer buffer = new ShuffleBuffer(capacity, dim(), bufferRandom);
        return new ShardBatchStream(dir, batchSize, rows, dim(),
                new ShuffledRowFeed(permuted(shards, shardRandom), loader, buffer));
    }

    /** Every shard index, in order. */
    private int[] allShards() {
        int[] order = new int[manifest.shards().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    /** {@code shards} permuted (Fisher–Yates) by {@code random}. */
    private static int[] permuted(int[] shards, SplittableRandom random) {
        int[] order = shards.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private ShardEntry shard(int index) {
        if (index < 0 || index >= manifest.shards().size()) {
            throw ConfigException.outOfRange("shard index", index, "[0, " + manifest.shards().size() + ")");
        }
        return manifest.shards().get(index);
    }
}
