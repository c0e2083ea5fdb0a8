package dev.facet.extractors.store;

import static dev.facet.extractors.store.StoreFixtures.appendRange;
import static dev.facet.extractors.store.StoreFixtures.drain;
import static dev.facet.extractors.store.StoreFixtures.expectedRows;
import static dev.facet.extractors.store.StoreFixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.io.OutputLock;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationStoreResumeTest {

    private static final int TOKENS = 4;
    private static final int DIM = 6;
    private static final StoreMetadata METADATA = metadata(StoreDtype.FLOAT16, TOKENS, DIM, 12);

    @TempDir
    Path dir;

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> !name.equals(OutputLock.FILE)).sorted().toList();
        }
    }

    /**
     * Leaves the directory as a run killed at the worst moments would: two shards in the manifest,
     * a third shard renamed into place before the manifest listed it, and half-written temp files.
     */
    private void simulateCrash() throws IOException {
        ActivationStoreWriter writer = ActivationStoreWriter.create(dir, METADATA);
        appendRange(writer, 0, 6);
        byte[] manifestAfterTwoShards = Files.readAllBytes(dir.resolve("manifest.json"));
        appendRange(writer, 6, 10);
        // Killed right after renaming shard-00002 (images 6-8), before replacing the manifest;
        // image 9 was still buffered. The writer is abandoned, never closed; the lock dies with the process.
        writer.abandon();
        Files.write(dir.resolve("manifest.json"), manifestAfterTwoShards);
        Files.write(dir.resolve("shard-00003.npy.tmp"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("manifest.json.tmp"), "{\"formatVer".getBytes());
    }

    @Test
    void resumeRemovesLeftoversAndContinuesAfterTheLastListedShard() throws IOException {
        simulateCrash();
        assertEquals(List.of("manifest.json", "manifest.json.tmp", "shard-00000.images.txt", "shard-00000.npy",
                "shard-00001.images.txt", "shard-00001.npy", "shard-00002.images.txt", "shard-00002.npy",
                "shard-00003.npy.tmp"), fileNames());
        ActivationStore.openIncomplete(dir).verify(); // a crashed store is already consistent

        try (ActivationStoreWriter writer = ActivationStoreWriter.open(dir, METADATA)) {
            assertEquals(6, writer.imagesDone());
            assertEquals(List.of("manifest.json", "shard-00000.images.txt", "shard-00000.npy",
                    "shard-00001.images.txt", "shard-00001.npy"), fileNames());
            appendRange(writer, writer.imagesDone(), 10);
            writer.finish();
        }

        ActivationStore store = ActivationStore.open(dir);
        store.verify();
        assertTrue(store.isComplete());
        assertEquals(StoreFixtures.imageIds(0, 10), StoreFixtures.allImageIds(store));
        assertEquals(10 * TOKENS, store.rows());
        FloatMatrix expected = expectedRows(10, TOKENS, DIM);
        FloatMatrix read = drain(store.openBatches(5, false, 0), DIM);
        assertEquals(expected.rows(), read.rows());
        for (int i = 0; i < expected.data().length; i++) {
            assertEquals(Float16.toFloat(Float16.fromFloat(expected.data()[i])), read.data()[i], "value " + i);
        }
    }

    @Test
    void resumingACompleteStoreAndAppendingMarksItIncompleteUntilFinished() {
        StoreFixtures.writeStore(dir, METADATA, 4);
        try (ActivationStoreWriter writer = ActivationStoreWriter.open(dir, METADATA)) {
            assertEquals(4, writer.imagesDone());
            appendRange(writer, 4, 7);
            assertFalse(ActivationStore.openIncomplete(dir).isComplete());
            writer.finish();
        }
        ActivationStore store = ActivationStore.open(dir);
        assertTrue(store.isComplete());
        assertEquals(StoreFixtures.imageIds(0, 7), StoreFixtures.allImageIds(store));
        store.verify();
    }

    @Test
    void openWithoutAManifestStartsANewStore() throws IOException {
        Files.createDirectories(dir.resolve("fresh"));
        Files.write(dir.resolve("fresh").resolve("manifest.json.tmp"), new byte[] {'{'});
        try (ActivationStoreWriter writer = ActivationStoreWriter.open(dir.resolve("fresh"), METADATA)) {
            assertEquals(0, writer.imagesDone());
        }
        assertEquals(0, ActivationStore.openIncomplete(dir.resolve("fresh")).rows());
        assertFalse(Files.exists(dir.resolve("fresh").resolve("manifest.json.tmp")));
    }

    @Test
    void resumingWithDifferentMetadataNamesTheFields() {
        StoreFixtures.writeStore(dir, METADATA, 2);
        StoreMetadata otherDim = metadata(StoreDtype.FLOAT16, TOKENS, DIM + 1, 12);
        ConfigException e = assertThrows(ConfigException.class, () -> ActivationStoreWriter.open(dir, otherDim));
        assertTrue(e.getMessage().contains("dim: 6 vs 7"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());

        StoreMetadata otherPreprocessing = StoreMetadata.of("tiny-vit", "blocks.2", "patch", TOKENS, DIM,
                StoreDtype.FLOAT32, 12, Map.of("resize", 64));
        ConfigException both = assertThrows(ConfigException.class,
                () -> ActivationStoreWriter.open(dir, otherPreprocessing));
        assertTrue(both.getMessage().contains("dtype: FLOAT16 vs FLOAT32"), both.getMessage());
        assertTrue(both.getMessage().contains("preprocessing: {resize=32, mean=[0.5, 0.5, 0.5]} vs {"),
                both.getMessage());
        assertTrue(both.getMessage().contains("resize=64"), both.getMessage());
    }

    @Test
    void preprocessingNumbersMatchAfterTheirTripThroughJson() {
        StoreMetadata floats = StoreMetadata.of("m", "h", "patch", TOKENS, DIM, StoreDtype.FLOAT32, 12,
                Map.of("mean", List.of(0.485f, 0.456f), "size", 224L, "crop", Map.of("ratio", 0.875f)));
        StoreFixtures.writeStore(dir, floats, 1);
        try (ActivationStoreWriter writer = ActivationStoreWriter.open(dir, floats)) {
            assertEquals(1, writer.imagesDone());
        }
    }

    @Test
    void createRefusesADirectoryThatIsNotEmpty() throws IOException {
        StoreFixtures.writeStore(dir, METADATA, 1);
        ConfigException e = assertThrows(ConfigException.class, () -> ActivationStoreWriter.create(dir, METADATA));
        assertTrue(e.getMessage().contains("expected an empty directory, found [manifest.json,"), e.getMessage());
        assertTrue(e.getMessage().contains("open() resumes an existing store"), e.getMessage());
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThrows(ConfigException.class, () -> ActivationStoreWriter.open(other, METADATA));
        assertTrue(Files.exists(other.resolve("notes.txt")), "unrelated files are never deleted");
    }

    @Test
    void resumeFailsWhenAListedShardIsMissing() throws IOException {
        StoreFixtures.writeStore(dir, METADATA, 7);
        Files.delete(dir.resolve("shard-00001.npy"));
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> ActivationStoreWriter.open(dir, METADATA));
        assertEquals(dir.resolve("shard-00001.npy"), e.artifact());
    }
}
