package dev.facet.spi.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.ConfigException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class InMemoryActivationSourceTest {
    private static final FloatMatrix DATA = rows(10);

    private static FloatMatrix rows(int n) {
        float[][] values = new float[n][];
        for (int i = 0; i < n; i++) {
            values[i] = new float[] {i, i + 100};
        }
        return FloatMatrix.of(values);
    }

    private static List<Float> firstColumn(BatchStream stream, List<Integer> sizes) {
        List<Float> seen = new ArrayList<>();
        while (stream.hasNext()) {
            FloatMatrix batch = stream.next();
            sizes.add(batch.rows());
            for (int r = 0; r < batch.rows(); r++) {
                assertEquals(batch.get(r, 0) + 100, batch.get(r, 1), "rows stay whole");
                seen.add(batch.get(r, 0));
            }
        }
        return seen;
    }

    @Test
    void sequentialPassVisitsRowsInOrderWithASmallLastBatch() {
        ActivationSource source = ActivationSource.of(DATA);
        assertEquals(2, source.dim());
        assertEquals(10, source.rows());
        List<Integer> sizes = new ArrayList<>();
        try (BatchStream stream = source.openBatches(4, false, 0)) {
            assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), firstColumn(stream, sizes));
            assertThrows(NoSuchElementException.class, stream::next);
        }
        assertEquals(List.of(4, 4, 2), sizes);
    }

    @Test
    void shuffledPassVisitsEveryRowOnceInASeededOrder() {
        ActivationSource source = ActivationSource.of(DATA);
        List<Float> a;
        List<Float> b;
        List<Float> c;
        try (BatchStream s1 = source.openBatches(3, true, 5); BatchStream s2 = source.openBatches(3, true, 5);
             BatchStream s3 = source.openBatches(3, true, 6)) {
            a = firstColumn(s1, new ArrayList<>());
            b = firstColumn(s2, new ArrayList<>());
            c = firstColumn(s3, new ArrayList<>());
        }
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(10, a.stream().distinct().count());
        assertNotEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), a);
    }

    @Test
    void closeEndsThePassAndBadBatchSizesAreRefused() {
        BatchStream stream = ActivationSource.of(DATA).openBatches(2, false, 0);
        stream.close();
        assertFalse(stream.hasNext());
        assertThrows(ConfigException.class, () -> ActivationSource.of(DATA).openBatches(0, false, 0));
    }
}
