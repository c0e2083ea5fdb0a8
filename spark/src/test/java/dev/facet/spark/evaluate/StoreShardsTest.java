package dev.facet.spark.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store read through copies (as one on HDFS or an object store is) gives the rows read in place, checked alike. */
class StoreShardsTest {

    @TempDir
    Path dir;

    @Test
    void copiesReadAsTheStoreAndADamagedShardFailsNamingIt() throws Exception {
        Path path = dir.resolve("store");
        StoreMetadata metadata = new StoreMetadata("m", "layer.1", "patch", 4, 3, StoreDtype.FLOAT32, 8, Map.of(), false);
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(path, metadata)) {
            for (int i = 0; i < 5; i++) {
                float[] values = new float[12];
                for (int v = 0; v < values.length; v++) {
                    values[v] = i * 100 + v;
                }
                writer.append("img-" + i, new FloatMatrix(4, 3, values));
            }
            writer.finish();
        }
        ActivationStore store = ActivationStore.open(path);
        StoreShards copied = StoreShards.copied(path.toString(), new Configuration());
        ActivationStore index = copied.index(dir.resolve("scratch"));
        assertEquals(store.shards(), index.shards());
        for (int s = 0; s < store.shards().size(); s++) {
            assertEquals(store.images(s).ids(), index.images(s).ids());
            assertArrayEquals(store.readShard(s).data(), copied.read(s).data());
            assertArrayEquals(store.readShard(s).data(), StoreShards.of(path.toString(), new Configuration()).read(s)
                    .data());
        }
        try (RandomAccessFile file = new RandomAccessFile(path.resolve(store.shards().get(1).file()).toFile(), "rw")) {
            file.seek(file.length() - 1);
            int last = file.read();
            file.seek(file.length() - 1);
            file.write(last ^ 1);
        }
        CorruptArtifactException damaged = assertThrows(CorruptArtifactException.class, () -> copied.read(1));
        assertTrue(damaged.getMessage().contains(store.shards().get(1).file()), damaged.getMessage());
        assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
    }
}
