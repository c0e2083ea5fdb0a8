package dev.facet.spi.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void validatesShapeAgainstData() {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new Tensor(new long[] {2, 3, 4}, new float[23]));
        assertEquals("Tensor of shape [2, 3, 4] needs 24 values, found 23", e.getMessage());
        assertThrows(InvalidDataException.class, () -> new Tensor(new long[] {-1, 2}, new float[0]));
    }

    @Test
    void positionsNameRowAndColumnOfAMatrixAndTheFullIndexOtherwise() {
        assertEquals("row 2, column 1", new Tensor(new long[] {3, 4}, new float[12]).position(9));
        assertEquals("index 5", new Tensor(new long[] {7}, new float[7]).position(5));
        assertEquals("index 0", new Tensor(new long[0], new float[1]).position(0));
        assertEquals("index [1, 2, 3]", new Tensor(new long[] {2, 3, 4}, new float[24]).position(12 + 8 + 3));
    }

    @Test
    void indexesRowMajorAndFlattensTheLastAxis() {
        float[] data = new float[24];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        Tensor t = new Tensor(new long[] {2, 3, 4}, data);
        assertEquals(3, t.rank());
        assertEquals(1 * 12 + 2 * 4 + 3, t.get(1, 2, 3));
        FloatMatrix m = t.flattenToMatrix();
        assertEquals(6, m.rows());
        assertEquals(4, m.cols());
        assertEquals(t.get(1, 0, 2), m.get(3, 2));
        assertArrayEquals(new long[] {6, 4}, t.reshape(6, 4).shape());
        assertThrows(InvalidDataException.class, () -> t.get(2, 0, 0));
        assertThrows(InvalidDataException.class, () -> t.reshape(5, 5));
    }

    @Test
    void requireShapeNamesWhatWasExpected() {
        Tensor t = Tensor.zeros(1, 3, 8, 8);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> t.requireShape("pixels", 1, 1, 8, 8));
        assertTrue(e.getMessage().contains("pixels has shape [1, 3, 8, 8], expected [1, 1, 8, 8]"), e.getMessage());
        assertEquals(t, t.requireShape("pixels", 1, 3, 8, 8));
    }

    @Test
    void shapeIsCopiedOnConstruction() {
        long[] shape = {2, 2};
        Tensor t = new Tensor(shape, new float[4]);
        shape[0] = 4;
        assertEquals(2, t.dim(0));
    }
}
