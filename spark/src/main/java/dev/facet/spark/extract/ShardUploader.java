package dev.facet.spark.extract;

import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.ShardEntry;
import dev.facet.spark.HadoopOutput;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the shards a task's local writer completed to the attempt's folder of the store as they complete,
 * so the local disk holds at most one shard of a task.
 */
final class ShardUploader {
    private final ActivationStoreWriter writer;
    private final HadoopOutput output;
    private final String folder;
    private final List<PartitionResult.Shard> uploaded = new ArrayList<>();

    ShardUploader(ActivationStoreWriter writer, HadoopOutput output, String folder) {
        this.writer = writer;
        this.output = output;
        this.folder = folder;
    }

    /** Uploads the shards the writer completed since the last call and deletes their local files. */
    synchronized void uploadNew() {
        List<ShardEntry> shards = writer.manifest().shards();
        Path local = writer.directory();
        for (ShardEntry shard : shards.subList(uploaded.size(), shards.size())) {
            if (!output.exists(WorkFolder.ATTEMPTS)) {
                throw new FacetException("The store " + output.location() + " no longer expects this task's shards ("
                        + WorkFolder.ATTEMPTS + " is gone: the job finished or was restarted)");
            }
            Path npy = local.resolve(shard.file());
            Path ids = local.resolve(shard.imageIdsFile());
            try {
                long bytes = Files.size(npy);
                long idsBytes = Files.size(ids);
                output.upload(npy, folder + "/" + shard.file());
                output.upload(ids, folder + "/" + shard.imageIdsFile());
                Files.delete(npy);
                Files.delete(ids);
                uploaded.add(new PartitionResult.Shard(shard.file(), shard.rows(), shard.images(), shard.sha256(),
                        bytes, idsBytes));
            } catch (IOException e) {
                throw new FacetException("Cannot move " + npy + " to the store: " + e.getMessage(), e);
            }
        }
    }

    synchronized List<PartitionResult.Shard> shards() {
        return List.copyOf(uploaded);
    }
}
