package dev.facet.spark.evaluate;

import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.ManifestJson;
import dev.facet.extractors.store.ShardEntry;
import dev.facet.spark.HadoopOutput;
import dev.facet.spi.FacetException;
import dev.facet.spi.io.DirectoryTrees;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An activation store as the tasks of a cluster read it: in place when it is on the local file system (every
 * worker reads it at the same path), else copied file by file from its Hadoop file system (HDFS, an object
 * store) into a local scratch folder and read there. Either way a shard is checked as {@link ActivationStore}
 * checks it (header, SHA-256 against the manifest, finite values) before any row is used.
 */
final class StoreShards implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StoreShards.class);

    private final String store;
    private final Map<String, String> hadoop;
    private final boolean inPlace;

    private StoreShards(String store, Map<String, String> hadoop, boolean inPlace) {
        this.store = store;
        this.hadoop = hadoop;
        this.inPlace = inPlace;
    }

    /** The store at {@code store} (a path or URI), reached with the driver's Hadoop settings {@code conf}. */
    static StoreShards of(String store, Configuration conf) {
        return new StoreShards(store, settings(conf), HadoopOutput.of(store, conf).isLocal());
    }

    /** The store at {@code store} read through copies, as a store on another file system is. */
    static StoreShards copied(String store, Configuration conf) {
        return new StoreShards(store, settings(conf), false);
    }

    /** What the store holds: its manifest and image lists, for planning on the driver. */
    ActivationStore index(Path scratch) {
        HadoopOutput output = output();
        if (inPlace) {
            return ActivationStore.open(output.localPath());
        }
        output.download(ManifestJson.FILE_NAME, scratch.resolve(ManifestJson.FILE_NAME));
        ActivationStore copy = ActivationStore.open(scratch);
        for (ShardEntry shard : copy.shards()) {
            output.download(shard.imageIdsFile(), scratch.resolve(shard.imageIdsFile()));
        }
        return copy;
    }

    /** The rows of shard {@code index}, checked. */
    FloatMatrix read(int index) {
        HadoopOutput output = output();
        if (inPlace) {
            return ActivationStore.openIncomplete(output.localPath()).readShard(index);
        }
        Path scratch = scratch("facet-shard-");
        try {
            output.download(ManifestJson.FILE_NAME, scratch.resolve(ManifestJson.FILE_NAME));
            ActivationStore copy = ActivationStore.openIncomplete(scratch);
            String file = copy.shards().get(index).file();
            output.download(file, scratch.resolve(file));
            return copy.readShard(index);
        } finally {
            removeScratch(scratch);
        }
    }

    /** A new folder in the temporary folder, named from {@code prefix}. */
    static Path scratch(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new FacetException("Cannot create a scratch folder in the temporary folder: " + e, e);
        }
    }

    /** Removes a {@link #scratch} folder; a leftover is only logged. */
    static void removeScratch(Path scratch) {
        try {
            DirectoryTrees.delete(scratch);
        } catch (IOException e) {
            LOG.warn("Cannot remove the scratch folder {}: {}", scratch, e.toString());
        }
    }

    private HadoopOutput output() {
        Configuration conf = new Configuration(false);
        hadoop.forEach(conf::set);
        return HadoopOutput.of(store, conf);
    }

    /** The settings of {@code conf}, to rebuild it on a worker. */
    private static Map<String, String> settings(Configuration conf) {
        Map<String, String> out = new HashMap<>();
        conf.forEach(entry -> out.put(entry.getKey(), entry.getValue()));
        return out;
    }
}
