package dev.facet.extractors.store;

import static dev.facet.extractors.store.StoreFixtures.drain;
import static dev.facet.extractors.store.StoreFixtures.rowIndices;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held-out images: whole images, a deterministic choice by id, every row on exactly one side. */
class HeldOutSplitTest {

    private static final int TOKENS = 3;
    private static final int DIM = 2;

    @TempDir
    Path dir;

    private ActivationStore store(int images) {
        Path path = dir.resolve("store-" + images);
        if (!java.nio.file.Files.exists(path)) {
            StoreFixtures.writeStore(path, StoreFixtures.metadata(StoreDtype.FLOAT32, TOKENS, DIM, 7), images);
        }
        return ActivationStore.open(path);
    }

    /** The images whose rows a pass gives (column 0 is the global row index), each with all its rows. */
    private static TreeSet<Integer> imagesOf(FloatMatrix rows) {
        int[] indices = rowIndices(rows);
        TreeSet<Integer> images = new TreeSet<>();
        for (int index : indices) {
            images.add(index / TOKENS);
        }
        assertEquals(images.size() * TOKENS, indices.length, "every row of each image, once");
        return images;
    }

    @Test
    void holdsOutWholeImagesAndGivesEveryOtherRowToTraining() {
        ActivationStore store = store(40);
        HeldOutSplit split = HeldOutSplit.of(store, 0.1);
        assertTrue(split.isSplit());
        assertEquals(4, split.heldOut().images(), "round(0.1 x 40)");
        assertEquals(4 * TOKENS, split.heldOut().rows());
        assertEquals(store.rows() - 4 * TOKENS, split.training().rows());

        FloatMatrix heldRows = drain(split.heldOut().openBatches(5, false, 0), DIM);
        FloatMatrix trainRows = drain(split.training().openBatches(5, false, 0), DIM);
        TreeSet<Integer> held = imagesOf(heldRows);
        TreeSet<Integer> training = imagesOf(trainRows);
        assertEquals(4, held.size());
        assertEquals(36, training.size());
        held.forEach(image -> assertFalse(training.contains(image), "image " + image + " on both sides"));
        int[] order = rowIndices(trainRows);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, order, "a sequential pass keeps store order");

        FloatMatrix shuffled = drain(split.training().openBatches(8, true, 9), DIM);
        int[] shuffledOrder = rowIndices(shuffled);
        assertFalse(Arrays.equals(order, shuffledOrder), "shuffled");
        Arrays.sort(shuffledOrder);
        assertArrayEquals(sorted, shuffledOrder, "a shuffled pass gives every training row once");

        HeldOutSplit again = HeldOutSplit.of(ActivationStore.open(store.directory()), 0.1);
        assertEquals(held, imagesOf(drain(again.heldOut().openBatches(64, false, 0), DIM)), "the same images");
        assertEquals(split.imagesSha256(), again.imagesSha256());
    }

    @Test
    void recordsTheSplitInTheTrainingRowsDescription() {
        ActivationStore store = store(40);
        HeldOutSplit split = HeldOutSplit.of(store, 0.1);
        Map<String, Object> described = split.training().describe();
        assertEquals(store.rows() - 4 * TOKENS, described.get("rows"));
        assertEquals(store.directory().toAbsolutePath().toString(), described.get("store"));
        @SuppressWarnings("unchecked")
        Map<String, Object> holdout = (Map<String, Object>) described.get("holdout");
        assertEquals(0.1, holdout.get("fraction"));
        assertEquals(40L, holdout.get("images"));
        assertEquals(4L, holdout.get("held_out_images"));
        assertEquals(4L * TOKENS, holdout.get("held_out_rows"));
        assertEquals(split.training().rows(), holdout.get("training_rows"));
        assertEquals(split.imagesSha256(), holdout.get("images_sha256"));
        assertEquals(HeldOutSplit.RULE, holdout.get("rule"));
    }

    @Test
    void tinyStoresHoldOutOneImageAndKeepOneToTrainOn() {
        for (int images : new int[] {2, 3, 10}) {
            HeldOutSplit split = HeldOutSplit.of(store(images), 0.05);
            assertEquals(1, split.heldOut().images(), images + " images");
            assertEquals((images - 1) * TOKENS, split.training().rows());
            assertNull(split.warning());
        }
        HeldOutSplit most = HeldOutSplit.of(store(3), 0.99);
        assertEquals(2, most.heldOut().images(), "at least one image trains");
    }

    @Test
    void aStoreOfOneImageIsNotSplitAndSaysSo() {
        ActivationStore store = store(1);
        HeldOutSplit split = HeldOutSplit.of(store, 0.05);
        assertFalse(split.isSplit());
        assertNull(split.heldOut());
        assertEquals(store.rows(), split.training().rows());
        assertTrue(split.warning().contains("holds 1 image") && split.warning().contains("none can be held out"),
                split.warning());
        assertEquals(0L, split.describe().get("held_out_images"));
        assertEquals(split.warning(), split.describe().get("note"));
    }

    @Test
    void fractionZeroTrainsOnTheStoreAsItIs() {
        ActivationStore store = store(12);
        HeldOutSplit split = HeldOutSplit.of(store, 0);
        assertFalse(split.isSplit());
        assertNull(split.warning());
        ActivationSource training = split.training();
        assertEquals(store.rows(), training.rows());
        assertArrayEquals(drain(store.openBatches(5, true, 3), DIM).data(),
                drain(training.openBatches(5, true, 3), DIM).data(), "the very same batches as the store's");
        assertEquals(Map.of("fraction", 0.0, "held_out_images", 0L), split.describe());
    }

    @Test
    void refusesAFractionOutsideZeroToOne() {
        ActivationStore store = store(4);
        for (double bad : new double[] {-0.1, 1, Double.NaN}) {
            ConfigException e = assertThrows(ConfigException.class, () -> HeldOutSplit.of(store, bad));
            assertTrue(e.getMessage().contains("holdout"), e.getMessage());
        }
    }

    @Test
    void imagesWithTheSameIdStayTogether() {
        Path path = dir.resolve("duplicates");
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(path,
                StoreFixtures.metadata(StoreDtype.FLOAT32, TOKENS, DIM, 7))) {
            for (int i = 0; i < 10; i++) {
                writer.append("img-" + i % 5, StoreFixtures.tokens(i, TOKENS, DIM));
            }
            writer.finish();
        }
        HeldOutSplit split = HeldOutSplit.of(ActivationStore.open(path), 0.2);
        assertEquals(5L, split.describe().get("images"), "distinct ids");
        assertEquals(2, split.heldOut().images(), "one id, stored twice");
        TreeSet<Integer> held = imagesOf(drain(split.heldOut().openBatches(4, false, 0), DIM));
        assertEquals(5, held.last() - held.first(), "image i and i + 5 share an id: " + held);
        assertEquals(IntStream.range(0, 10).count() - 2, imagesOf(drain(split.training().openBatches(4, false, 0),
                DIM)).size());
    }
}
