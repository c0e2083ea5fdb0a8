package dev.facet.spark.evaluate;

import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.ManifestJson;
import dev.facet.extractors.store.ShardEntry;
import dev.facet.spark.HadoopOutput;
import dev.facet.spark.Scratch;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * An activation store as the tasks of a cluster read it: in place when it is on the local file system (every
 * worker reads it at the same path), else copied file by file from its Hadoop file system (HDFS, an object
 * store) into a local scratch folder and read there. Either way a shard is checked as {@link ActivationStore}
 * checks it (header, SHA-256 against the manifest, finite values) before any row is used.
 */
final class StoreShards implements Serializable {
    private static final long serialVersionUID = 1L;

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
        Path scratch = Scratch.create("facet-shard-");
        try {
            output.download(ManifestJson.FILE_NAME, scratch.resolve(ManifestJson.FILE_NAME));
            ActivationStore copy = ActivationStore.openIncomplete(scratch);
            String file = copy.shards().get(index).file();
            output.download(file, scratch.resolve(file));
            return copy.readShard(index);
        } finally {
            Scratch.remove(scratch);
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
