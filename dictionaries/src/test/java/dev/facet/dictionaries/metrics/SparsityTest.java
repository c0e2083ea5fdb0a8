package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparsityTest {

    @Test
    void hoyerIsOneForOneHotAndZeroForFlat() {
        assertEquals(1.0, Sparsity.hoyer(new float[] {1, 0, 0}), 1e-12);
        assertEquals(0.0, Sparsity.hoyer(new float[] {1, 1, 1}), 1e-12);
        assertEquals(1.0, Sparsity.hoyer(new float[] {0, -3, 0, 0}), 1e-12);
        assertTrue(Double.isNaN(Sparsity.hoyer(new float[] {0, 0})), "zero vector has no sparseness");
    }

    @Test
    void kappa4OfHandCheckableVectors() {
        assertEquals(0.5, Sparsity.kappa4(new float[] {1, 1}), 1e-12);
        assertEquals(1.0, Sparsity.kappa4(new float[] {0, 2, 0}), 1e-12);
        assertEquals(0.25, Sparsity.kappa4(new float[] {1, -1, 1, -1}), 1e-12);
    }

    @Test
    void normsAndZeroCounts() {
        float[] v = {3, -4, 0, 1e-7f};
        assertEquals(7 + 1e-7, Sparsity.l1(v), 1e-9);
        assertEquals(5, Sparsity.l2(v), 1e-9);
        assertEquals(Math.pow(Math.sqrt(3) + 2 + Math.sqrt(1e-7), 2), Sparsity.lp(v, 0.5), 1e-6);
        assertEquals(0.75, Sparsity.l0(v), 0);
        assertEquals(0.5, Sparsity.l0Eps(v), 0);
        assertEquals(7 / 5.0, Sparsity.l1L2Ratio(new float[] {3, -4}), 1e-12);
        assertThrows(InvalidDataException.class, () -> Sparsity.lp(v, 0));
    }

    @Test
    void matrixVersionsAverageRowsAndSkipZeroRows() {
        FloatMatrix m = FloatMatrix.of(new float[][] {{1, 0, 0}, {1, 1, 1}, {0, 0, 0}});
        assertEquals(0.5, Sparsity.hoyer(m), 1e-12);
        assertEquals((1 + 1 / 3.0) / 2, Sparsity.kappa4(m), 1e-12);
        assertEquals((1 + Math.sqrt(3)) / 2, Sparsity.l1L2Ratio(m), 1e-12);
        assertEquals(4 / 9.0, Sparsity.l0(m), 1e-12);
    }

    @Test
    void codeVersionsEqualTheDenseOnes() {
        SplittableRandom random = new SplittableRandom(3);
        FloatMatrix dense = FloatMatrix.zeros(20, 16);
        for (int i = 0; i < 20; i++) {
            for (int k = 0; k < 4; k++) {
                dense.set(i, random.nextInt(16), (float) random.nextDouble(0.1, 2));
            }
        }
        Codes codes = Codes.fromDense(dense);
        assertEquals(Sparsity.hoyer(dense), Sparsity.hoyer(codes), 1e-12);
        assertEquals(Sparsity.kappa4(dense), Sparsity.kappa4(codes), 1e-12);
    }
}
