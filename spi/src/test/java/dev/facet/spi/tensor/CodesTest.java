package dev.facet.spi.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.InvalidDataException;
import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void denseRoundTripKeepsOnlyNonZeros() {
        FloatMatrix dense = FloatMatrix.of(new float[][] {{0, 2, 0, 1}, {0, 0, 0, 0}, {3, 0, 0, 0}});
        Codes codes = Codes.fromDense(dense);
        assertEquals(3, codes.nnz());
        assertEquals(2, codes.nnz(0));
        assertEquals(0, codes.nnz(1));
        assertArrayEquals(new int[] {1, 3}, codes.indices(0));
        assertArrayEquals(new float[] {2, 1}, codes.values(0));
        assertEquals(3f, codes.get(2, 0));
        assertEquals(0f, codes.get(2, 1));
        assertEquals(1.0, codes.meanL0(), 1e-12);
        assertEquals(dense, codes.toDense());
    }

    @Test
    void topKSelectionsAreSortedByIndex() {
        Codes codes = Codes.fromTopK(2, 10, 3, new int[] {7, 2, 5, 0, 9, 1}, new float[] {.7f, .2f, .5f, 1f, .9f, .1f});
        assertArrayEquals(new int[] {2, 5, 7}, codes.indices(0));
        assertArrayEquals(new float[] {.2f, .5f, .7f}, codes.values(0));
        assertArrayEquals(new int[] {0, 1, 9}, codes.indices(1));
        assertEquals(.9f, codes.toDense().get(1, 9));
    }

    @Test
    void rejectsIndicesOutsideTheDictionaryAndRepeats() {
        InvalidDataException outside = assertThrows(InvalidDataException.class,
                () -> new Codes(1, 4, new int[] {0, 1}, new int[] {4}, new float[] {1}));
        assertEquals("Concept index 4 in row 0 is outside [0, 4)", outside.getMessage());
        assertThrows(InvalidDataException.class,
                () -> new Codes(1, 4, new int[] {0, 2}, new int[] {1, 1}, new float[] {1, 2}));
        assertThrows(InvalidDataException.class,
                () -> Codes.fromTopK(2, 4, 2, new int[] {0, 1, 2}, new float[] {1, 1, 1}));
        assertThrows(InvalidDataException.class,
                () -> new Codes(2, 4, new int[] {0, 1}, new int[] {1}, new float[] {1}));
    }
}
