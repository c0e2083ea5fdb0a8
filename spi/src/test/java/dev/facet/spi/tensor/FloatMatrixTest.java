package dev.facet.spi.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.InvalidDataException;
import org.junit.jupiter.api.Test;

class FloatMatrixTest {

    @Test
    void rejectsDataOfTheWrongLengthNamingBothSizes() {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new FloatMatrix(2, 3, new float[5]));
        assertEquals("A 2x3 matrix needs 6 values, found 5", e.getMessage());
        assertThrows(InvalidDataException.class, () -> new FloatMatrix(-1, 3, new float[0]));
        assertThrows(InvalidDataException.class, () -> FloatMatrix.of(new float[][] {{1, 2}, {3}}));
    }

    @Test
    void rowMajorAccessRowsAndTranspose() {
        FloatMatrix m = FloatMatrix.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(6f, m.get(1, 2));
        assertArrayEquals(new float[] {4, 5, 6}, m.row(1));
        assertEquals(FloatMatrix.of(new float[][] {{4, 5, 6}}), m.rows(1, 2));
        assertEquals(FloatMatrix.of(new float[][] {{1, 4}, {2, 5}, {3, 6}}), m.transpose());
        assertThrows(InvalidDataException.class, () -> m.get(2, 0));
        assertThrows(InvalidDataException.class, () -> m.rows(1, 3));
    }

    @Test
    void requireFiniteNamesTheFirstBadPosition() {
        FloatMatrix m = FloatMatrix.of(new float[][] {{1, 2}, {3, Float.NaN}, {Float.POSITIVE_INFINITY, 0}});
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> m.requireFinite("activations"));
        assertEquals("activations holds NaN at row 1, column 1 (3x2); expected finite values", e.getMessage());
        FloatMatrix ok = FloatMatrix.of(new float[][] {{1, 2}});
        assertEquals(ok, ok.requireFinite("x"));
        assertThrows(InvalidDataException.class, () -> ok.requireCols("batch", 3));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(FloatMatrix.of(new float[][] {{1, 2}}), new FloatMatrix(1, 2, new float[] {1, 2}));
        assertNotEquals(FloatMatrix.of(new float[][] {{1, 2}}), new FloatMatrix(2, 1, new float[] {1, 2}));
        assertEquals(FloatMatrix.of(new float[][] {{1, 2}}).hashCode(), new FloatMatrix(1, 2, new float[] {1, 2}).hashCode());
    }
}
