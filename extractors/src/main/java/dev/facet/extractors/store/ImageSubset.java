package dev.facet.extractors.store;

import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rows of some of an {@link ActivationStore}'s images, whole images only, as an {@link
 * ActivationSource}: a sequential pass gives them in store order, a shuffled pass mixes them the way
 * the store's own passes do. Shards are read as the pass reaches them and the rows of the other
 * images dropped, so memory stays that of the store's passes; what is kept per shard is one flag and
 * one row count per image.
 */
public final class ImageSubset implements ActivationSource {

    private final ActivationStore store;
    private final int[][] imageRows;
    private final boolean[][] kept;
    private final int[] shards;
    private final long rows;
    private final long images;

    /**
     * @param images the images of each shard of {@code store}, in shard order
     * @param keep   which image ids belong to the subset
     */
    ImageSubset(ActivationStore store, List<ShardImages> images, Predicate<String> keep) {
        this.store = store;
        this.imageRows = new int[images.size()][];
        this.kept = new boolean[images.size()][];
        long rowCount = 0;
        long imageCount = 0;
        int nonEmpty = 0;
        for (int s = 0; s < images.size(); s++) {
            ShardImages shard = images.get(s);
            imageRows[s] = shard.rows();
            kept[s] = new boolean[imageRows[s].length];
            long shardRows = 0;
            for (int i = 0; i < kept[s].length; i++) {
                kept[s][i] = keep.test(shard.ids().get(i));
                if (kept[s][i]) {
                    shardRows += imageRows[s][i];
                    imageCount++;
                }
            }
            rowCount += shardRows;
            nonEmpty += shardRows > 0 ? 1 : 0;
        }
        this.shards = new int[nonEmpty];
        for (int s = 0, next = 0; s < images.size(); s++) {
            if (keptRows(s) > 0) {
                shards[next++] = s;
            }
        }
        this.rows = rowCount;
        this.images = imageCount;
    }

    @Override
    public int dim() {
        return store.dim();
    }

    @Override
    public long rows() {
        return rows;
    }

    /** Number of the store's images in the subset. */
    public long images() {
        return images;
    }

    /** The store the rows come from. */
    public ActivationStore store() {
        return store;
    }

    @Override
    public ShardBatchStream openBatches(int batchSize, boolean shuffle, long seed) {
        return store.openBatches(batchSize, shuffle, seed, store.defaultShuffleBufferRows(), rows, shards,
                this::readShard);
    }

    /** The store's description with this subset's row count. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>(store.describe());
        description.put("rows", rows);
        return description;
    }

    private long keptRows(int shard) {
        long count = 0;
        for (int i = 0; i < kept[shard].length; i++) {
            count += kept[shard][i] ? imageRows[shard][i] : 0;
        }
        return count;
    }

    /** The subset's rows of shard {@code index}, in order. */
    private FloatMatrix readShard(int index) {
        return keptRows(store.readShard(index), imageRows[index], kept[index]);
    }

    /**
     * The rows of the kept images of a shard, in order.
     *
     * @param all       the shard's rows
     * @param imageRows the rows of each of its images, in row order
     * @param kept      whether each image is kept
     */
    public static FloatMatrix keptRows(FloatMatrix all, int[] imageRows, boolean[] kept) {
        int dim = all.cols();
        long rows = 0;
        for (int i = 0; i < kept.length; i++) {
            rows += kept[i] ? imageRows[i] : 0;
        }
        float[] out = new float[(int) rows * dim];
        int from = 0;
        int to = 0;
        for (int i = 0; i < kept.length; i++) {
            int length = imageRows[i] * dim;
            if (kept[i]) {
                System.arraycopy(all.data(), from, out, to, length);
                to += length;
            }
            from += length;
        }
        return new FloatMatrix(out.length / dim, dim, out);
    }
}
