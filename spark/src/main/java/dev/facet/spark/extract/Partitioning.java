package dev.facet.spark.extract;

import dev.facet.spark.SourceRange;
import java.io.Serializable;
import java.util.List;

/**
 * How a run splits the source's images into partitions: contiguous ranges of source indices whose sizes are
 * multiples of the store's images per shard (but for the last), so that without skipped images every shard
 * and its boundaries equal those of a single-machine extraction. A resumed run keeps the partitioning of the
 * run it resumes, recorded in the work folder.
 *
 * @param fingerprint    the fingerprint of the source's ordered ids ({@link dev.facet.spark.ImagesSpec#fingerprint})
 * @param images         how many images the source lists
 * @param imagesPerShard the store's images per shard
 * @param ranges         the partitions' source ranges, in order
 */
public record Partitioning(String fingerprint, int images, int imagesPerShard, List<SourceRange> ranges)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public Partitioning {
        ranges = List.copyOf(ranges);
    }

    /**
     * Splits {@code images} source indices into at most {@code partitions} ranges of whole shards, as even as
     * whole shards allow; none when there are no images.
     */
    public static Partitioning split(String fingerprint, int images, int imagesPerShard, int partitions) {
        return new Partitioning(fingerprint, images, imagesPerShard,
                SourceRange.aligned(images, imagesPerShard, partitions));
    }

    /** How many partitions there are. */
    public int size() {
        return ranges.size();
    }
}
