package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    @Test
    void factorsTheTextbookMatrix() {
        // [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]].
        Cholesky factor = Cholesky.of(new double[] {4, 12, -16, 12, 37, -43, -16, -43, 98}, 3);
        assertEquals(3, factor.size());
        assertArrayEquals(new double[] {2, 0, 0, 6, 1, 0, -8, 5, 3}, factor.lower(), 1e-12);
    }

    @Test
    void solvesAndInvertsATwoByTwoSystem() {
        // [[4, 2], [2, 3]]·x = (2, 5) gives x = (-1/2, 2); the inverse is [[3, -2], [-2, 4]]/8.
        double[] a = {4, 2, 2, 3};
        Cholesky factor = Cholesky.of(a, 2);
        double[] x = {2, 5};
        factor.solveInPlace(x);
        assertArrayEquals(new double[] {-0.5, 2}, x, 1e-12);
        // Two right-hand sides at once, row-major 2 × 2: columns (2, 5) and (4, 2).
        double[] b = {2, 4, 5, 2};
        assertArrayEquals(new double[] {-0.5, 1, 2, 0}, factor.solve(b, 2), 1e-12);
        assertArrayEquals(new double[] {2, 4, 5, 2}, b, 0, "the right-hand side is not changed");
        assertArrayEquals(new double[] {3 / 8.0, -2 / 8.0, -2 / 8.0, 4 / 8.0}, factor.inverse(), 1e-12);
        assertArrayEquals(new double[] {4, 2, 2, 3}, a, 0, "the matrix is not changed");
    }

    @Test
    void restrictsToRowsAndColumns() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(new double[] {1, 3, 7, 9}, Cholesky.restrict(a, 3, new int[] {0, 2}), 0);
        assertArrayEquals(new double[] {5}, Cholesky.restrict(a, 3, new int[] {1}), 0);
    }

    @Test
    void pivotFloorsDetectDependentColumns() {
        // The second column is the first plus 1e-7 on the diagonal: its pivot is 1e-7.
        double[] a = {1, 1, 1, 1 + 1e-7};
        assertNotNull(Cholesky.factor(a, 2, 0, 0));
        assertNotNull(Cholesky.factor(a, 2, 1e-8, 0));
        assertNull(Cholesky.factor(a, 2, 1e-6, 0), "absolute floor");
        assertNull(Cholesky.factor(a, 2, 0, 1e-6), "floor relative to the diagonal entry");
        assertNull(Cholesky.factor(new double[] {1, 1, 1, 1}, 2, 0, 0), "singular");
    }

    @Test
    void refusesIndefiniteNonFiniteAndMisshapenMatrices() {
        InvalidDataException indefinite = assertThrows(InvalidDataException.class,
                () -> Cholesky.of(new double[] {1, 2, 2, 1}, 2));
        assertTrue(indefinite.getMessage().contains("not positive definite"), indefinite.getMessage());
        assertNull(Cholesky.factor(new double[] {1, 2, 2, 1}, 2, 0, 0));
        InvalidDataException nan = assertThrows(InvalidDataException.class,
                () -> Cholesky.factor(new double[] {1, Double.NaN, Double.NaN, 1}, 2, 0, 0));
        assertTrue(nan.getMessage().contains("NaN at (0, 1)"), nan.getMessage());
        assertThrows(InvalidDataException.class,
                () -> Cholesky.of(new double[] {1, 0, 0, Double.POSITIVE_INFINITY}, 2));
        assertThrows(InvalidDataException.class, () -> Cholesky.of(new double[] {1, 2, 3}, 2));
        InvalidDataException rhs = assertThrows(InvalidDataException.class,
                () -> Cholesky.of(new double[] {4, 2, 2, 3}, 2).solve(new double[3], 2));
        assertTrue(rhs.getMessage().contains("2x2"), rhs.getMessage());
    }
}
