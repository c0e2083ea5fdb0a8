package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NnlsProjectedGradientTest {

    private static FloatMatrix random(int rows, int cols, long seed, boolean nonNegative) {
        Random random = new Random(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = nonNegative ? random.nextFloat() : (float) random.nextGaussian();
        }
        return new FloatMatrix(rows, cols, data);
    }

    @Test
    void recoversExactNonNegativeCombinations() {
        int n = 50;
        int c = 8;
        int d = 40;
        FloatMatrix atoms = random(c, d, 1, false);
        FloatMatrix codes = random(n, c, 2, true);
        // some exact zeros in the planted codes
        for (int i = 0; i < codes.data().length; i += 3) {
            codes.data()[i] = 0f;
        }
        FloatMatrix x = Matrices.multiply(codes, atoms);
        FloatMatrix z = Nnls.projectedGradient(x, atoms, null, 5000, 1e-9);
        for (int i = 0; i < z.data().length; i++) {
            assertEquals(codes.data()[i], z.data()[i], 2e-3, "entry " + i);
        }
    }

    @Test
    void largeBatchesTakeTheBlasPathAndStillRecover() {
        int n = 2000;
        int c = 48;
        int d = 120;
        FloatMatrix atoms = random(c, d, 21, true);
        for (int i = 0; i < atoms.data().length; i++) {
            atoms.data()[i] = atoms.data()[i] < 0.95f ? 0f : 0.3f * atoms.data()[i]; // near identity: well conditioned
        }
        for (int j = 0; j < c; j++) {
            atoms.set(j, j, 1f);
        }
        FloatMatrix codes = random(n, c, 22, true);
        for (int i = 0; i < codes.data().length; i += 2) {
            codes.data()[i] = 0f;
        }
        FloatMatrix x = Matrices.multiply(codes, atoms);
        assertTrue((long) n * c * c >= Matrices.ENGINE_MIN_WORK);
        FloatMatrix z = Nnls.projectedGradient(x, atoms, null, 500, 1e-8);
        double maxError = 0;
        for (int i = 0; i < z.data().length; i++) {
            maxError = Math.max(maxError, Math.abs(codes.data()[i] - z.data()[i]));
        }
        assertTrue(maxError < 5e-3, "max error " + maxError);
    }

    @Test
    void satisfiesKktConditions() {
        int n = 30;
        int c = 10;
        int d = 25;
        FloatMatrix atoms = random(c, d, 3, false);
        FloatMatrix x = random(n, d, 4, false);
        FloatMatrix z = Nnls.projectedGradient(x, atoms, null, 20000, 1e-10);
        // gradient g = z·Q − x·Dᵀ: z ≥ 0, g ≥ 0 where z = 0, g = 0 where z > 0
        FloatMatrix grad = Matrices.multiply(Matrices.multiply(z, false, atoms, false), false, atoms, true);
        FloatMatrix b = Matrices.multiply(x, false, atoms, true);
        int positives = 0;
        int zeros = 0;
        for (int i = 0; i < z.data().length; i++) {
            float g = grad.data()[i] - b.data()[i];
            assertTrue(z.data()[i] >= 0, "z >= 0");
            if (z.data()[i] > 1e-4) {
                assertEquals(0, g, 1e-2, "stationary on the support at " + i);
                positives++;
            } else {
                assertTrue(g >= -1e-2, "gradient non-negative off the support at " + i + ": " + g);
                zeros++;
            }
        }
        assertTrue(positives > 0 && zeros > 0, "both active and inactive constraints exercised");
    }

    @Test
    void zeroInputGivesZeros() {
        FloatMatrix atoms = random(6, 12, 5, false);
        FloatMatrix z = Nnls.projectedGradient(FloatMatrix.zeros(7, 12), atoms, null, 100, 1e-6);
        for (float v : z.data()) {
            assertEquals(0f, v);
        }
        FloatMatrix none = Nnls.projectedGradient(random(3, 12, 6, true), FloatMatrix.zeros(6, 12), null, 100, 1e-6);
        for (float v : none.data()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void warmStartAtTheSolutionStaysThere() {
        FloatMatrix atoms = random(5, 20, 7, true);
        FloatMatrix codes = random(10, 5, 8, true);
        FloatMatrix x = Matrices.multiply(codes, atoms);
        FloatMatrix z = Nnls.projectedGradient(x, atoms, codes, 1, 0);
        for (int i = 0; i < z.data().length; i++) {
            assertEquals(codes.data()[i], z.data()[i], 1e-4);
        }
    }

    @Test
    void rejectsBadShapes() {
        FloatMatrix atoms = random(5, 20, 7, true);
        assertThrows(InvalidDataException.class, () -> Nnls.projectedGradient(FloatMatrix.zeros(3, 19), atoms, null, 10, 0));
        assertThrows(InvalidDataException.class,
                () -> Nnls.projectedGradient(FloatMatrix.zeros(3, 20), atoms, FloatMatrix.zeros(3, 4), 10, 0));
        assertThrows(InvalidDataException.class, () -> Nnls.projectedGradient(FloatMatrix.zeros(3, 20), atoms, null, 0, 0));
    }

    @Test
    void lipschitzBoundsTheSpectralNorm() {
        FloatMatrix atoms = random(12, 30, 9, false);
        FloatMatrix q = Matrices.multiply(atoms, false, atoms, true);
        double l = Nnls.lipschitz(q);
        // λ_max ≥ Rayleigh quotient of any vector: check on basis vectors
        for (int i = 0; i < 12; i++) {
            assertTrue(l >= q.get(i, i) * 0.999, "L >= Q_ii");
        }
    }
}
