package dev.facet.extractors.store;

import static dev.facet.extractors.store.StoreFixtures.drain;
import static dev.facet.extractors.store.StoreFixtures.expectedRows;
import static dev.facet.extractors.store.StoreFixtures.metadata;
import static dev.facet.extractors.store.StoreFixtures.writeStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.io.OutputLock;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationStoreRoundTripTest {

    private static final int TOKENS = 4;
    private static final int DIM = 8;

    @TempDir
    Path dir;

    @Test
    void float32StoreReadsBackExactlyInWholeImageShards() {
        writeStore(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 12), 10);
        ActivationStore store = ActivationStore.open(dir);
        assertEquals(DIM, store.dim());
        assertEquals(40, store.rows());
        assertEquals(10, store.images());
        assertTrue(store.isComplete());
        assertEquals(List.of(12, 12, 12, 4), store.shards().stream().map(ShardEntry::rows).toList());
        assertEquals(List.of(0L, 3L, 6L, 9L), store.shards().stream().map(ShardEntry::firstImage).toList());
        assertEquals(List.of("img-3", "img-4", "img-5"), store.imageIds(1));
        FloatMatrix expected = expectedRows(10, TOKENS, DIM);
        List<FloatMatrix> shards = new ArrayList<>();
        for (int i = 0; i < store.shards().size(); i++) {
            shards.add(store.readShard(i));
        }
        assertEquals(expected, StoreFixtures.concat(shards, DIM));
        store.verify();
    }

    @Test
    void float16StoreReadsBackWithinHalfPrecision() throws IOException {
        writeStore(dir, metadata(StoreDtype.FLOAT16, TOKENS, DIM, 12), 10);
        ActivationStore store = ActivationStore.open(dir);
        assertEquals(StoreDtype.FLOAT16, store.metadata().dtype());
        assertEquals(128 + 12 * DIM * 2, Files.size(dir.resolve("shard-00000.npy")));
        FloatMatrix expected = expectedRows(10, TOKENS, DIM);
        FloatMatrix read = drain(store.openBatches(7, false, 0), DIM);
        assertEquals(expected.rows(), read.rows());
        for (int i = 0; i < expected.data().length; i++) {
            float x = expected.data()[i];
            assertEquals(x, read.data()[i], Math.abs(x) * 0x1p-11f + 0x1p-24f, "value " + i);
        }
        store.verify();
    }

    @Test
    void shardsHoldWholeImagesAndRespectRowsPerShard() {
        int rowsPerShard = 10; // not a multiple of TOKENS: 2 images (8 rows) per shard
        writeStore(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, rowsPerShard), 9);
        ActivationStore store = ActivationStore.open(dir);
        assertEquals(5, store.shards().size());
        for (int i = 0; i < store.shards().size(); i++) {
            ShardEntry shard = store.shards().get(i);
            assertTrue(shard.rows() <= rowsPerShard);
            assertEquals(shard.images() * TOKENS, shard.rows());
            assertEquals(shard.images(), store.imageIds(i).size());
            assertEquals(shard.rows(), store.readShard(i).rows());
        }
        assertEquals(StoreFixtures.imageIds(0, 9), StoreFixtures.allImageIds(store));
    }

    @Test
    void manifestListsShapesChecksumsAndTotals() throws IOException, NoSuchAlgorithmException {
        writeStore(dir, metadata(StoreDtype.FLOAT16, TOKENS, DIM, 12), 5);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals(1, manifest.get("formatVersion").asInt());
        assertEquals("float16", manifest.at("/metadata/dtype").asText());
        assertEquals("tiny-vit", manifest.at("/metadata/model").asText());
        assertEquals(32, manifest.at("/metadata/preprocessing/resize").asInt());
        assertEquals(20, manifest.get("totalRows").asLong());
        assertEquals(5, manifest.get("totalImages").asLong());
        assertTrue(manifest.get("complete").asBoolean());
        JsonNode second = manifest.get("shards").get(1);
        assertEquals("shard-00001.npy", second.get("file").asText());
        assertEquals("[8,8]", second.get("shape").toString());
        assertEquals(3, second.get("firstImage").asLong());
        byte[] bytes = Files.readAllBytes(dir.resolve("shard-00001.npy"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                second.get("sha256").asText());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("manifest.json", "shard-00000.images.txt", "shard-00000.npy",
                    "shard-00001.images.txt", "shard-00001.npy"),
                    files.map(p -> p.getFileName().toString()).filter(name -> !name.equals(OutputLock.FILE)).sorted().toList());
        }
    }

    @Test
    void shardsAreValidNpyFiles() {
        writeStore(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 12), 4);
        assertEquals(expectedRows(3, TOKENS, DIM), Npy.read(dir.resolve("shard-00000.npy")));
    }

    @Test
    void sequentialPassReturnsRowsInStoreOrder() {
        writeStore(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 12), 10);
        ActivationStore store = ActivationStore.open(dir);
        List<Integer> batchSizes = new ArrayList<>();
        List<FloatMatrix> batches = new ArrayList<>();
        try (ShardBatchStream stream = store.openBatches(7, false, 99)) {
            assertEquals(0, stream.shuffleBufferCapacity());
            while (stream.hasNext()) {
                FloatMatrix batch = stream.next();
                batchSizes.add(batch.rows());
                batches.add(batch);
            }
            assertEquals(40, stream.rowsDelivered());
        }
        assertEquals(List.of(7, 7, 7, 7, 7, 5), batchSizes);
        assertEquals(expectedRows(10, TOKENS, DIM), StoreFixtures.concat(batches, DIM));
    }

    @Test
    void closeWithoutFinishKeepsImagesButLeavesTheStoreIncomplete() {
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 12))) {
            StoreFixtures.appendRange(writer, 0, 4);
            assertEquals(4, writer.imagesDone());
            assertEquals(1, writer.manifest().shards().size(), "one full shard written, one image buffered");
        }
        ActivationStore store = ActivationStore.openIncomplete(dir);
        assertFalse(store.isComplete());
        assertEquals(4, store.images());
        assertEquals(expectedRows(4, TOKENS, DIM), drain(store.openBatches(16, false, 0), DIM));
    }

    @Test
    void anEmptyStoreHasNoBatches() {
        writeStore(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 12), 0);
        ActivationStore store = ActivationStore.open(dir);
        assertEquals(0, store.rows());
        assertTrue(store.shards().isEmpty());
        store.verify();
        try (BatchStream sequential = store.openBatches(4, false, 0);
             BatchStream shuffled = store.openBatches(4, true, 0)) {
            assertFalse(sequential.hasNext());
            assertFalse(shuffled.hasNext());
        }
    }
}
