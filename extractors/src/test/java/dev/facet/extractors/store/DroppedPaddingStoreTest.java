package dev.facet.extractors.store;

import static dev.facet.extractors.store.StoreFixtures.drain;
import static dev.facet.extractors.store.StoreFixtures.imageId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores that left out the positions wholly in padding: images of different row counts (format version 2). */
class DroppedPaddingStoreTest {
    private static final int TOKENS = 6;
    private static final int DIM = 3;
    /** Rows of image i: 6 for an unpadded image, fewer for padded ones. */
    private static final int[] ROWS = {6, 4, 2, 6, 3, 1, 6};

    @TempDir
    Path dir;

    private static StoreMetadata metadata() {
        return new StoreMetadata("pad-model", "blocks.2", "patch", TOKENS, DIM, StoreDtype.FLOAT32, 12,
                Map.of("resize", "pad"), true);
    }

    /** Image i's rows; column 0 holds the row's index in the store. */
    private static FloatMatrix rows(int image) {
        int first = 0;
        for (int i = 0; i < image; i++) {
            first += ROWS[i];
        }
        FloatMatrix rows = FloatMatrix.zeros(ROWS[image], DIM);
        for (int r = 0; r < ROWS[image]; r++) {
            rows.set(r, 0, first + r);
            rows.set(r, 1, image);
        }
        return rows;
    }

    private void write(int from, int to, boolean finish) {
        try (ActivationStoreWriter writer = ActivationStoreWriter.open(dir, metadata())) {
            for (int i = from; i < to; i++) {
                writer.append(imageId(i), rows(i));
            }
            if (finish) {
                writer.finish();
            }
        }
    }

    @Test
    void imagesOfDifferentRowCountsReadBackInOrder() throws IOException {
        write(0, ROWS.length, true);
        ActivationStore store = ActivationStore.open(dir);
        store.verify();

        assertEquals(7, store.images());
        assertEquals(28, store.rows());
        // Two images per shard (12 rows per shard / 6 tokens per image), whatever rows they hold.
        assertEquals(List.of(10, 8, 4, 6), store.shards().stream().map(ShardEntry::rows).toList());
        assertEquals(List.of("img-2", "img-3"), store.imageIds(1));
        assertArrayEquals(new int[] {2, 6}, store.images(1).rows());
        assertEquals(1, store.images(1).imageOfRow(2));
        FloatMatrix all = drain(store.openBatches(5, false, 0), DIM);
        for (int r = 0; r < all.rows(); r++) {
            assertEquals(r, all.get(r, 0));
        }
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals(2, manifest.get("formatVersion").asInt());
        assertEquals("dropped", manifest.get("metadata").get("padding").asText());
        assertEquals("img-2\t2\nimg-3\t6\n", Files.readString(dir.resolve("shard-00001.images.txt")));
        assertEquals("dropped", store.describe().get("padding"));
    }

    @Test
    void aResumedStoreContinuesAfterItsLastShard() {
        write(0, 3, false);
        ActivationStore partial = ActivationStore.openIncomplete(dir);
        assertEquals(2, partial.shards().size());
        write(3, ROWS.length, true);

        ActivationStore store = ActivationStore.open(dir);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < store.shards().size(); i++) {
            ids.addAll(store.imageIds(i));
        }
        assertEquals(StoreFixtures.imageIds(0, ROWS.length), ids);
        assertEquals(28, store.rows());
        store.verify();
    }

    @Test
    void resumingWithPaddingKeptIsRefused() {
        write(0, 2, false);
        StoreMetadata kept = StoreMetadata.of("pad-model", "blocks.2", "patch", TOKENS, DIM, StoreDtype.FLOAT32, 12,
                Map.of("resize", "pad"));
        ConfigException e = assertThrows(ConfigException.class, () -> ActivationStoreWriter.open(dir, kept));
        assertTrue(e.getMessage().contains("padding: dropped vs kept"), e.getMessage());
    }

    @Test
    void rowCountsAreChecked() {
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata())) {
            assertThrows(InvalidDataException.class, () -> writer.append("big", FloatMatrix.zeros(TOKENS + 1, DIM)));
            assertThrows(InvalidDataException.class, () -> writer.append("empty", FloatMatrix.zeros(0, DIM)));
        }
    }

    @Test
    void aSidecarWhoseRowsDisagreeIsCorrupt() throws IOException {
        write(0, ROWS.length, true);
        Path sidecar = dir.resolve("shard-00001.images.txt");
        Files.writeString(sidecar, "img-2\t3\nimg-3\t6\n", StandardCharsets.UTF_8);
        ActivationStore store = ActivationStore.open(dir);
        CorruptArtifactException sum = assertThrows(CorruptArtifactException.class, store::verify);
        assertTrue(sum.getMessage().contains("9 rows") && sum.getMessage().contains("holds 8"), sum.getMessage());
        Files.writeString(sidecar, "img-2\nimg-3\t6\n", StandardCharsets.UTF_8);
        CorruptArtifactException line = assertThrows(CorruptArtifactException.class, () -> store.images(1));
        assertTrue(line.getMessage().contains("line 1 is 'img-2'"), line.getMessage());
    }

    @Test
    void thePaddingKeyBelongsToVersionTwoOnly() throws IOException {
        write(0, ROWS.length, true);
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.replace("\"padding\" : \"dropped\"", "\"padding\" : \"kept\""));
        CorruptArtifactException kept = assertThrows(CorruptArtifactException.class, () -> ActivationStore.open(dir));
        assertTrue(kept.getMessage().contains("metadata.padding"), kept.getMessage());
        Files.writeString(manifest, json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 1"));
        CorruptArtifactException v1 = assertThrows(CorruptArtifactException.class, () -> ActivationStore.open(dir));
        assertTrue(v1.getMessage().contains("unknown [padding]"), v1.getMessage());
    }

    @Test
    void aNonFiniteValueNamesTheImageThatOwnsItsRow() throws IOException {
        write(0, ROWS.length, true);
        // Shard 1 holds images 2 (rows 0-1) and 3 (rows 2-7): alter row 3's first value, after the 128-byte header.
        Path shard = dir.resolve("shard-00001.npy");
        byte[] bytes = Files.readAllBytes(shard);
        int at = 128 + 3 * DIM * 4;
        int nan = Float.floatToIntBits(Float.NaN);
        for (int b = 0; b < 4; b++) {
            bytes[at + b] = (byte) (nan >>> (8 * b));
        }
        Files.write(shard, bytes);
        String sha = java.util.HexFormat.of().formatHex(sha256(bytes));
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest);
        String old = ActivationStore.openIncomplete(dir).shards().get(1).sha256();
        Files.writeString(manifest, json.replace(old, sha));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> ActivationStore.open(dir).readShard(1));
        assertTrue(e.getMessage().contains("row 3 (store row 13, image 'img-3'), column 0 holds NaN"), e.getMessage());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
