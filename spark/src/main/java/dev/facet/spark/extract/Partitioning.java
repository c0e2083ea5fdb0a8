package dev.facet.spark.extract;

import dev.facet.spi.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
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
public record Partitioning(String fingerprint, int images, int imagesPerShard, List<Range> ranges)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public Partitioning {
        ranges = List.copyOf(ranges);
    }

    /**
     * The source indices {@code [start, end)} of one partition.
     *
     * @param start the first source index
     * @param end   the source index after the last
     */
    public record Range(int start, int end) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** How many source indices the range holds. */
        public int size() {
            return end - start;
        }
    }

    /**
     * Splits {@code images} source indices into at most {@code partitions} ranges of whole shards, as even as
     * whole shards allow; none when there are no images.
     */
    public static Partitioning split(String fingerprint, int images, int imagesPerShard, int partitions) {
        if (imagesPerShard < 1 || partitions < 1) {
            throw ConfigException.outOfRange("images per shard / partitions", imagesPerShard + " / " + partitions,
                    ">= 1");
        }
        long shards = (images + (long) imagesPerShard - 1) / imagesPerShard;
        int parts = (int) Math.min(partitions, shards);
        List<Range> ranges = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            long first = p * shards / parts;
            long next = (p + 1) * shards / parts;
            ranges.add(new Range((int) Math.min(images, first * imagesPerShard),
                    (int) Math.min(images, next * imagesPerShard)));
        }
        return new Partitioning(fingerprint, images, imagesPerShard, ranges);
    }

    /** How many partitions there are. */
    public int size() {
        return ranges.size();
    }
}
