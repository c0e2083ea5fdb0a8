package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void decomposesATwoByTwoMatrixByHand() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2.
        SymmetricEigen eigen = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
        assertArrayEquals(new double[] {3, 1}, eigen.values(), 1e-12);
        double r = Math.sqrt(0.5);
        assertEquals(r, Math.abs(eigen.vectors()[0][0]), 1e-12);
        assertEquals(eigen.vectors()[0][0], eigen.vectors()[0][1], 1e-12);
        assertEquals(r, Math.abs(eigen.vectors()[1][0]), 1e-12);
        assertEquals(-eigen.vectors()[1][0], eigen.vectors()[1][1], 1e-12);
        assertArrayEquals(new double[] {3, 1}, SymmetricEigen.eigenvalues(new double[] {2, 1, 1, 2}, 2), 1e-12);
    }

    @Test
    void eigenvaluesAloneMatchTheFullDecompositionAndAreDescending() {
        int n = 40;
        double[] a = new double[n * n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i * n + j] = random.nextGaussian();
                a[j * n + i] = a[i * n + j];
            }
        }
        double[] values = SymmetricEigen.eigenvalues(a, n);
        assertArrayEquals(SymmetricEigen.of(a, n).values(), values, 1e-12);
        for (int i = 1; i < n; i++) {
            assertTrue(values[i - 1] >= values[i]);
        }
    }

    @Test
    void usesTheSymmetricPartAndRefusesNonFiniteInput() {
        // [[1, 2], [0, 1]] has symmetric part [[1, 1], [1, 1]]: eigenvalues 2 and 0.
        assertArrayEquals(new double[] {2, 0}, SymmetricEigen.eigenvalues(new double[] {1, 2, 0, 1}, 2), 1e-12);
        InvalidDataException nan = assertThrows(InvalidDataException.class,
                () -> SymmetricEigen.of(new double[] {1, Double.NaN, 0, 1}, 2));
        assertTrue(nan.getMessage().contains("NaN at (0, 1)"), nan.getMessage());
        assertThrows(InvalidDataException.class, () -> SymmetricEigen.eigenvalues(new double[] {1, 2, 3}, 2));
    }
}
