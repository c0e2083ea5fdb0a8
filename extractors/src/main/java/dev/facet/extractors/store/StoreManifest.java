package dev.facet.extractors.store;

import dev.facet.spi.InvalidDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of {@code manifest.json}: the store's metadata, its complete shards in order and
 * whether the writer finished. Shards are consistent by construction: shard {@code i} is
 * {@code shard-i.npy}, holds {@code images * tokensPerImage <= rowsPerShard} rows (between
 * {@code images} and that when padding is dropped), and its first image follows the previous shard's last.
 *
 * @param metadata what the store holds
 * @param shards   the complete shards, in order
 * @param complete whether the writer called {@code finish()} after its last image
 */
public record StoreManifest(StoreMetadata metadata, List<ShardEntry> shards, boolean complete) {

    public StoreManifest {
        if (metadata == null || shards == null) {
            throw new InvalidDataException("A store manifest needs metadata and a shard list");
        }
        shards = List.copyOf(shards);
        long nextImage = 0;
        for (int i = 0; i < shards.size(); i++) {
            ShardEntry shard = shards.get(i);
            String expectedFile = ShardEntry.fileName(i);
            long mostRows = (long) shard.images() * metadata.tokensPerImage();
            long leastRows = metadata.dropsPadding() ? shard.images() : mostRows;
            if (!shard.file().equals(expectedFile)) {
                throw new InvalidDataException("Shard " + i + " is named " + shard.file() + "; expected " + expectedFile);
            }
            if (shard.rows() < leastRows || shard.rows() > mostRows || shard.rows() > metadata.rowsPerShard()) {
                throw new InvalidDataException("Shard " + shard.file() + " has " + shard.rows() + " rows for "
                        + shard.images() + " images; expected " + (leastRows == mostRows ? mostRows
                        : leastRows + " to " + mostRows) + " (tokensPerImage " + metadata.tokensPerImage()
                        + (metadata.dropsPadding() ? ", padding dropped" : "") + "), at most rowsPerShard "
                        + metadata.rowsPerShard());
            }
            if (shard.firstImage() != nextImage) {
                throw new InvalidDataException("Shard " + shard.file() + " starts at image " + shard.firstImage()
                        + "; expected " + nextImage + ", right after the previous shard");
            }
            nextImage += shard.images();
        }
    }

    /** A manifest with no shards yet. */
    public static StoreManifest empty(StoreMetadata metadata) {
        return new StoreManifest(metadata, List.of(), false);
    }

    /** The store-wide index of the first row of shard {@code index}. */
    public long firstRow(int index) {
        long rows = 0;
        for (int i = 0; i < index; i++) {
            rows += shards.get(i).rows();
        }
        return rows;
    }

    /** Total token rows over all shards. */
    public long totalRows() {
        return shards.stream().mapToLong(ShardEntry::rows).sum();
    }

    /** Total images over all shards. */
    public long totalImages() {
        return shards.stream().mapToLong(ShardEntry::images).sum();
    }

    /** This manifest with {@code shard} appended and the complete flag cleared. */
    public StoreManifest withShard(ShardEntry shard) {
        List<ShardEntry> more = new ArrayList<>(shards);
        more.add(shard);
        return new StoreManifest(metadata, more, false);
    }

    /** This manifest with the complete flag set. */
    public StoreManifest completed() {
        return new StoreManifest(metadata, shards, true);
    }
}
