package dev.facet.dictionaries.metrics;

import dev.facet.dictionaries.linalg.SymmetricEigen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    private static FloatMatrix gaussian(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        FloatMatrix m = FloatMatrix.zeros(n, d);
        for (int i = 0; i < n; i++) {
            double shared = nextGaussian(random);
            for (int j = 0; j < d; j++) {
                // correlated dimensions, so the covariance is not diagonal
                m.set(i, j, (float) (nextGaussian(random) * (1 + j) + 0.5 * shared + j));
            }
        }
        return m;
    }

    private static double nextGaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void wassersteinOfShiftedSamplesIsTheShift() {
        FloatMatrix a = gaussian(200, 3, 1);
        FloatMatrix b = FloatMatrix.zeros(200, 3);
        // a shuffled (rows reversed) and shifted copy: per-dimension shifts 0.5, -2, 0
        float[] shift = {0.5f, -2f, 0f};
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 3; j++) {
                b.set(199 - i, j, a.get(i, j) + shift[j]);
            }
        }
        assertArrayEquals(new double[] {0.5, 2, 0}, Distributions.wasserstein1(a, b), 1e-5);
        assertEquals(2.5 / 3, Distributions.meanWasserstein1(a, b), 1e-5);
        assertThrows(InvalidDataException.class, () -> Distributions.wasserstein1(a, FloatMatrix.zeros(199, 3)));
    }

    @Test
    void frechetOfIdenticalSetsIsZero() {
        FloatMatrix a = gaussian(300, 4, 2);
        assertEquals(0.0, Distributions.frechet(a, a), 1e-9);
    }

    @Test
    void frechetOfOneDimensionalSamplesHasTheClosedForm() {
        FloatMatrix a = gaussian(500, 1, 3);
        FloatMatrix b = FloatMatrix.zeros(400, 1);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 400; i++) {
            b.set(i, 0, (float) (3 * nextGaussian(random) - 1));
        }
        double mu1 = Distributions.mean(a)[0];
        double mu2 = Distributions.mean(b)[0];
        double s1 = Math.sqrt(Distributions.covariance(a, new double[] {mu1})[0]);
        double s2 = Math.sqrt(Distributions.covariance(b, new double[] {mu2})[0]);
        // (μ₁ − μ₂)² + σ₁² + σ₂² − 2σ₁σ₂ = (μ₁ − μ₂)² + (σ₁ − σ₂)²
        double expected = (mu1 - mu2) * (mu1 - mu2) + (s1 - s2) * (s1 - s2);
        assertEquals(expected, Distributions.frechet(a, b), 1e-9);
        // and close to the population value for N(0.5·0, 1.25) vs N(−1, 9): 1 + (√1.25 − 3)²
        assertEquals(1 + Math.pow(Math.sqrt(1.25) - 3, 2), Distributions.frechet(a, b), 0.6);
    }

    @Test
    void frechetOfAScaledAndShiftedSetHasTheClosedForm() {
        // b = 2a + s: Σ₂ = 4Σ₁, (Σ₁Σ₂)^½ = 2Σ₁, so F = ‖μ₁ + s‖² + tr(Σ₁) with non-diagonal Σ₁
        FloatMatrix a = gaussian(400, 4, 5);
        double[] s = {1, -1, 0.5, 2};
        FloatMatrix b = FloatMatrix.zeros(400, 4);
        for (int i = 0; i < 400; i++) {
            for (int j = 0; j < 4; j++) {
                b.set(i, j, (float) (2 * a.get(i, j) + s[j]));
            }
        }
        double[] mu = Distributions.mean(a);
        double[] cov = Distributions.covariance(a, mu);
        double expected = 0;
        for (int j = 0; j < 4; j++) {
            expected += (mu[j] + s[j]) * (mu[j] + s[j]) + cov[j * 4 + j];
        }
        assertEquals(expected, Distributions.frechet(a, b), 1e-4 * expected);
    }

    @Test
    void eigenDecompositionReconstructsASymmetricMatrixAndItsSquareRoot() {
        double[] a = {4, 1, 2, 1, 3, 0.5, 2, 0.5, 5};
        SymmetricEigen e = SymmetricEigen.of(a, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += e.vectors()[k][i] * e.values()[k] * e.vectors()[k][j];
                }
                assertEquals(a[i * 3 + j], s, 1e-12);
            }
        }
        assertEquals(12, e.values()[0] + e.values()[1] + e.values()[2], 1e-12);
        double[] root = e.sqrtPsd();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += root[i * 3 + k] * root[k * 3 + j];
                }
                assertEquals(a[i * 3 + j], s, 1e-12);
            }
        }
        assertThrows(InvalidDataException.class, () -> SymmetricEigen.of(new double[] {1, 2, 3}, 2));
    }
}
