package dev.facet.spark.extract;

import dev.facet.extractors.images.SkippedImage;
import java.io.Serializable;
import java.util.List;

/**
 * What one successful task attempt wrote for its partition: its shards, numbered from 0 within the partition,
 * and the images it skipped. The driver commits it as {@code _spark/committed/part-PPPPP.json}.
 *
 * @param partition the partition
 * @param attempt   the attempt's folder name under {@code _spark/attempts/}
 * @param shards    the shards, in order
 * @param skipped   the images skipped as unreadable, in source order
 * @param extracted images the attempt extracted
 * @param seconds   the attempt's wall time
 */
public record PartitionResult(int partition, String attempt, List<Shard> shards, List<Skip> skipped, long extracted,
                              double seconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PartitionResult {
        shards = List.copyOf(shards);
        skipped = List.copyOf(skipped);
    }

    /**
     * One shard of a partition.
     *
     * @param file       its {@code .npy} name within the partition ({@code shard-NNNNN.npy}, from 0)
     * @param rows       its rows
     * @param images     its images
     * @param sha256     the SHA-256 of the {@code .npy} file
     * @param bytes      the length of the {@code .npy} file
     * @param idsBytes   the length of its image-id sidecar
     */
    public record Shard(String file, int rows, int images, String sha256, long bytes, long idsBytes)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * An image skipped as unreadable.
     *
     * @param id     the image's id
     * @param reason why
     */
    public record Skip(String id, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Skip of(SkippedImage skipped) {
            return new Skip(skipped.id(), skipped.reason());
        }

        SkippedImage toSkippedImage() {
            return new SkippedImage(id, reason);
        }
    }

    /** Images in the partition's shards. */
    public long images() {
        return shards.stream().mapToLong(Shard::images).sum();
    }
}
