package dev.facet.extractors.store;

import static dev.facet.extractors.store.StoreFixtures.drain;
import static dev.facet.extractors.store.StoreFixtures.metadata;
import static dev.facet.extractors.store.StoreFixtures.rowIndices;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationStoreShuffleTest {

    private static final int TOKENS = 3;
    private static final int DIM = 5;
    private static final int IMAGES = 50;
    private static final int ROWS = IMAGES * TOKENS;
    private static final int[] SEQUENTIAL = IntStream.range(0, ROWS).toArray();

    @TempDir
    static Path dir;

    private static ActivationStore store;

    @BeforeAll
    static void writeStore() {
        // 4 images (12 rows) per shard: 13 shards, the last with 2 images.
        StoreFixtures.writeStore(dir, metadata(StoreDtype.FLOAT32, TOKENS, DIM, 13), IMAGES);
        store = ActivationStore.open(dir);
    }

    private static int[] shuffledOrder(long seed, int batchSize, int bufferRows) {
        return rowIndices(drain(store.openBatches(batchSize, true, seed, bufferRows), DIM));
    }

    private static void assertPermutation(int[] order) {
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(SEQUENTIAL, sorted, "every row exactly once");
    }

    @Test
    void sequentialPassFollowsStoreOrder() {
        assertArrayEquals(SEQUENTIAL, rowIndices(drain(store.openBatches(16, false, 7), DIM)));
    }

    @Test
    void shuffledPassDeliversEveryRowOnceInAnotherOrder() {
        int[] order = rowIndices(drain(store.openBatches(16, true, 7), DIM));
        assertPermutation(order);
        assertFalse(Arrays.equals(SEQUENTIAL, order), "differs from the sequential order");
    }

    @Test
    void shuffledRowsKeepTheirValues() {
        FloatMatrix rows = drain(store.openBatches(10, true, 3), DIM);
        FloatMatrix expected = StoreFixtures.expectedRows(IMAGES, TOKENS, DIM);
        for (int r = 0; r < rows.rows(); r++) {
            assertArrayEquals(expected.row((int) rows.get(r, 0)), rows.row(r));
        }
    }

    @Test
    void sameSeedGivesTheSameOrderAndAnotherSeedAnother() {
        int[] first = shuffledOrder(11, 16, 24);
        assertArrayEquals(first, shuffledOrder(11, 16, 24));
        assertArrayEquals(first, shuffledOrder(11, 7, 24), "the order does not depend on the batch size");
        assertFalse(Arrays.equals(first, shuffledOrder(12, 16, 24)));
    }

    @Test
    void rowsMixAcrossShards() {
        int[] order = shuffledOrder(5, 16, 24);
        long shardsInFirst24 = Arrays.stream(order, 0, 24).map(row -> row / 12).distinct().count();
        assertTrue(shardsInFirst24 >= 2, "the first rows come from " + shardsInFirst24 + " shard(s)");
    }

    @Test
    void shuffleBufferStaysWithinItsCapacity() {
        for (int capacity : new int[] {1, 7, 12, 40}) {
            try (ShardBatchStream stream = store.openBatches(9, true, 1, capacity)) {
                assertEquals(capacity, stream.shuffleBufferCapacity());
                int[] order = rowIndices(drain(stream, DIM));
                assertPermutation(order);
                assertEquals(capacity, stream.maxBufferedRows(), "the buffer fills up to, and never past, its capacity");
            }
        }
    }

    @Test
    void defaultShuffleBufferHoldsTwoShardsOfRows() {
        try (ShardBatchStream stream = store.openBatches(8, true, 1)) {
            assertEquals(2 * 13, stream.shuffleBufferCapacity());
        }
    }

    @Test
    void bufferLargerThanTheStoreIsCappedAtTheStoreSize() {
        try (ShardBatchStream stream = store.openBatches(8, true, 1, 10_000)) {
            assertEquals(ROWS, stream.shuffleBufferCapacity());
            assertPermutation(rowIndices(drain(stream, DIM)));
        }
    }

    @Test
    void batchesHaveTheRequestedSizeExceptTheLast() {
        try (ShardBatchStream stream = store.openBatches(32, true, 2)) {
            int delivered = 0;
            while (stream.hasNext()) {
                int rows = stream.next().rows();
                delivered += rows;
                assertEquals(Math.min(32, ROWS - (delivered - rows)), rows);
            }
            assertEquals(ROWS, delivered);
            assertThrows(NoSuchElementException.class, stream::next);
        }
    }

    @Test
    void closingEndsThePass() {
        ShardBatchStream stream = store.openBatches(8, true, 1);
        stream.next();
        stream.close();
        assertFalse(stream.hasNext());
        assertThrows(NoSuchElementException.class, stream::next);
    }

    @Test
    void rejectsBadBatchAndBufferSizes() {
        ConfigException batch = assertThrows(ConfigException.class, () -> store.openBatches(0, false, 1));
        assertTrue(batch.getMessage().contains("Invalid batch size: 0"), batch.getMessage());
        ConfigException buffer = assertThrows(ConfigException.class, () -> store.openBatches(4, true, 1, 0));
        assertTrue(buffer.getMessage().contains("Invalid shuffle buffer rows: 0"), buffer.getMessage());
    }
}
