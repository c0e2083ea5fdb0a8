package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArchetypalCodesTest {

    @Test
    void codesSatisfyTheSimplexKktConditions() {
        SplittableRandom random = new SplittableRandom(13);
        int n = 50;
        int c = 5;
        int d = 8;
        FloatMatrix x = gaussian(random, n, d);
        FloatMatrix atoms = gaussian(random, c, d);
        FloatMatrix z = ArchetypalCodes.encode(x, atoms, 5000, 1e-10);
        ConvexFamilyTestData.assertRowsOnSimplex(z, 1e-5);
        double[] g = Matrices.widen(Matrices.multiply(atoms, false, atoms, true));
        FloatMatrix b = Matrices.multiply(x, false, atoms, true);
        for (int r = 0; r < n; r++) {
            // Gradient zG − b: equal (= λ) on the support, ≥ λ off it.
            double[] grad = new double[c];
            double lambda = Double.NaN;
            double largest = 0;
            for (int j = 0; j < c; j++) {
                double s = -b.get(r, j);
                for (int k = 0; k < c; k++) {
                    s += z.get(r, k) * g[k * c + j];
                }
                grad[j] = s;
                if (z.get(r, j) > largest) {
                    largest = z.get(r, j);
                    lambda = s;
                }
            }
            for (int j = 0; j < c; j++) {
                if (z.get(r, j) > 1e-4) {
                    assertEquals(lambda, grad[j], 1e-3, "row " + r + " support coordinate " + j);
                } else {
                    assertTrue(grad[j] >= lambda - 1e-3, "row " + r + " coordinate " + j + " gradient " + grad[j]
                            + " below " + lambda);
                }
            }
        }
    }

    private static FloatMatrix gaussian(SplittableRandom random, int rows, int cols) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return new FloatMatrix(rows, cols, data);
    }
}
