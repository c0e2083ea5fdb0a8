package dev.facet.extractors.store;

import static dev.facet.extractors.store.StoreFixtures.expectedRows;
import static dev.facet.extractors.store.StoreFixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ActivationStoreCorruptionTest {

    private static final int TOKENS = 2;
    private static final int DIM = 4;
    private static final int IMAGES = 12; // 3 images per shard: 4 shards of 6 rows

    @TempDir
    Path dir;

    private Path shard1;

    @BeforeEach
    void writeStore() {
        StoreFixtures.writeStore(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 6), IMAGES);
        shard1 = dir.resolve("shard-00001.npy");
    }

    private static CorruptArtifactException assertCorrupt(Path artifact, String expectedMessagePart, Executable action) {
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, action);
        assertEquals(artifact, e.artifact(), e.getMessage());
        assertTrue(e.getMessage().contains(artifact.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "expected '" + expectedMessagePart + "' in: " + e.getMessage());
        return e;
    }

    private void flipByte(Path file, int position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x01;
        Files.write(file, bytes);
    }

    private void replaceInManifest(String from, String to) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest);
        assertTrue(json.contains(from), json);
        Files.writeString(manifest, json.replace(from, to));
    }

    /** Overwrites value (row, col) of {@code shard} and updates its checksum in the manifest, as a forger would. */
    private void plant(Path shard, int row, int col, float value) throws IOException, NoSuchAlgorithmException {
        String before = sha256(shard);
        byte[] bytes = Files.readAllBytes(shard);
        int bits = Float.floatToRawIntBits(value);
        int at = 128 + (row * DIM + col) * Float.BYTES;
        for (int b = 0; b < Float.BYTES; b++) {
            bytes[at + b] = (byte) (bits >>> (8 * b));
        }
        Files.write(shard, bytes);
        replaceInManifest(before, sha256(shard));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aNonFiniteValueWithAMatchingChecksumIsNamedByShardRowImageAndColumn() throws Exception {
        plant(shard1, 4, 2, Float.NaN);
        String where = "row 4 (store row 10, image 'img-5'), column 2 holds NaN";
        assertCorrupt(shard1, where, () -> ActivationStore.open(dir).readShard(1));
        assertCorrupt(shard1, where, () -> ActivationStore.open(dir).verify());
        try (ShardBatchStream stream = ActivationStore.open(dir).openBatches(5, true, 3)) {
            assertCorrupt(shard1, where, () -> StoreFixtures.drain(stream, DIM));
        }
        plant(shard1, 0, 3, Float.NEGATIVE_INFINITY);
        assertCorrupt(shard1, "row 0 (store row 6, image 'img-3'), column 3 holds -Infinity",
                () -> ActivationStore.open(dir).readShard(1));
    }

    @Test
    void anIncompleteStoreIsRefusedNamingWhatItHoldsUnlessOpenedAsIncomplete() throws IOException {
        replaceInManifest("\"complete\" : true", "\"complete\" : false");
        CorruptArtifactException e = assertCorrupt(dir, "incomplete activation store", () -> ActivationStore.open(dir));
        assertTrue(e.getMessage().contains("12 images (24 rows) in 4 shards"), e.getMessage());
        assertTrue(e.getMessage().contains("Rerun the same facet extract to resume it"), e.getMessage());
        ActivationStore partial = ActivationStore.openIncomplete(dir);
        assertEquals(24, partial.rows());
        assertFalse(partial.isComplete());
    }

    @Test
    void aFlippedDataByteFailsVerificationNamingTheShard() throws IOException {
        flipByte(shard1, 128 + 9);
        assertCorrupt(shard1, "checksum mismatch: manifest.json lists sha256", () -> ActivationStore.open(dir).verify());
        assertCorrupt(shard1, "checksum mismatch", () -> ActivationStore.open(dir).readShard(1));
    }

    @Test
    void sequentialStreamingStopsAtTheDamagedShardWithoutDeliveringItsRows() throws IOException {
        flipByte(shard1, 128 + 9);
        FloatMatrix expected = expectedRows(IMAGES, TOKENS, DIM);
        try (ShardBatchStream stream = ActivationStore.open(dir).openBatches(4, false, 0)) {
            FloatMatrix first = stream.next(); // rows 0-3, from shard 0
            assertArrayEquals(Arrays.copyOf(expected.data(), 4 * DIM), first.data());
            assertCorrupt(shard1, "checksum mismatch", stream::next); // rows 4-7 span shards 0 and 1
            assertEquals(4, stream.rowsDelivered());
        }
    }

    @Test
    void shuffledStreamingFailsOnTheDamagedShard() throws IOException {
        flipByte(shard1, 128 + 9);
        try (ShardBatchStream stream = ActivationStore.open(dir).openBatches(5, true, 3)) {
            assertCorrupt(shard1, "checksum mismatch", () -> {
                while (stream.hasNext()) {
                    stream.next();
                }
            });
        }
    }

    @Test
    void aDamagedHeaderIsReported() throws IOException {
        byte[] bytes = Files.readAllBytes(shard1);
        byte[] changed = new String(bytes, StandardCharsets.ISO_8859_1).replace("(6, 4)", "(6, 2)")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(shard1, changed);
        assertCorrupt(shard1, "trailing bytes", () -> ActivationStore.open(dir).verify());
    }

    @Test
    void aTruncatedShardIsReported() throws IOException {
        byte[] bytes = Files.readAllBytes(shard1);
        Files.write(shard1, Arrays.copyOf(bytes, bytes.length - 3));
        assertCorrupt(shard1, "truncated: a (6, 4) <f4 array needs 128 header + 96 data = 224 bytes, the file has 221",
                () -> ActivationStore.open(dir).verify());
        assertCorrupt(shard1, "truncated", () -> ActivationStore.open(dir).readShard(1));
    }

    @Test
    void aMissingShardIsReported() throws IOException {
        Files.delete(shard1);
        assertCorrupt(shard1, "missing: listed in manifest.json", () -> ActivationStore.open(dir).verify());
    }

    @Test
    void aSidecarWithTheWrongIdCountIsReported() throws IOException {
        Path sidecar = dir.resolve("shard-00002.images.txt");
        Files.writeString(sidecar, "img-6\nimg-7\n");
        assertCorrupt(sidecar, "lists 2 image ids; manifest.json says shard-00002.npy holds 3 images",
                () -> ActivationStore.open(dir).verify());
    }

    @Test
    void aMissingManifestIsReported() throws IOException {
        Files.delete(dir.resolve("manifest.json"));
        assertCorrupt(dir.resolve("manifest.json"), "missing", () -> ActivationStore.open(dir));
    }

    @Test
    void malformedManifestJsonIsReported() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.substring(0, json.length() / 2));
        assertCorrupt(manifest, "malformed JSON", () -> ActivationStore.open(dir));
    }

    @Test
    void anUnknownFormatVersionIsReported() throws IOException {
        replaceInManifest("\"formatVersion\" : 1", "\"formatVersion\" : 3");
        assertCorrupt(dir.resolve("manifest.json"), "unsupported formatVersion 3; this reader supports 1 and 2",
                () -> ActivationStore.open(dir));
    }

    @Test
    void inconsistentManifestsAreReported() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String original = Files.readString(manifest);
        replaceInManifest("\"totalRows\" : 24", "\"totalRows\" : 25");
        assertCorrupt(manifest, "field 'totalRows' is 25 but the shards add up to 24", () -> ActivationStore.open(dir));
        Files.writeString(manifest, original);
        replaceInManifest("\"firstImage\" : 3", "\"firstImage\" : 4");
        assertCorrupt(manifest, "Shard shard-00001.npy starts at image 4; expected 3", () -> ActivationStore.open(dir));
        Files.writeString(manifest, original);
        replaceInManifest("\"complete\" : true", "\"complete\" : true, \"extra\" : 1");
        assertCorrupt(manifest, "unknown [extra]", () -> ActivationStore.open(dir));
        Files.writeString(manifest, original);
        replaceInManifest("\"dtype\" : \"float32\"", "\"dtype\" : \"float64\"");
        assertCorrupt(manifest, "field 'metadata.dtype': expected float32 or float16, found 'float64'",
                () -> ActivationStore.open(dir));
    }

    @Test
    void aManifestCannotPointOutsideTheStore() throws IOException {
        replaceInManifest("\"file\" : \"shard-00001.npy\"", "\"file\" : \"../shard-00001.npy\"");
        assertCorrupt(dir.resolve("manifest.json"), "Invalid shard file name '../shard-00001.npy'",
                () -> ActivationStore.open(dir));
    }
}
