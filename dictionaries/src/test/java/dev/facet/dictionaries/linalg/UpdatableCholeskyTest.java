package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UpdatableCholeskyTest {

    /** G = A·Aᵀ for a random c × d matrix A (positive definite when d ≥ c). */
    private static double[] gram(int c, int d, long seed) {
        Random random = new Random(seed);
        double[] a = new double[c * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        double[] g = new double[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                for (int k = 0; k < d; k++) {
                    g[i * c + j] += a[i * d + k] * a[j * d + k];
                }
            }
        }
        return g;
    }

    /** G_PP⁻¹·v by a fresh Cholesky of G restricted to P in the factor's order. */
    private static double[] reference(double[] g, int c, UpdatableCholesky factor, double[] v) {
        int[] index = new int[factor.size()];
        for (int t = 0; t < index.length; t++) {
            index[t] = factor.index(t);
        }
        return Cholesky.of(Cholesky.restrict(g, c, index), index.length).solve(v, 1);
    }

    @Test
    void solvesLikeAFreshFactorThroughAddsAndRemovals() {
        int c = 14;
        double[] g = gram(c, 30, 1);
        UpdatableCholesky factor = new UpdatableCholesky(g, c, 1e-10);
        Random random = new Random(2);
        List<Integer> in = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            boolean add = in.isEmpty() || (in.size() < c && random.nextBoolean());
            if (add) {
                int j;
                do {
                    j = random.nextInt(c);
                } while (factor.contains(j));
                assertTrue(factor.add(j));
                in.add(j);
            } else {
                int t = random.nextInt(factor.size());
                int j = factor.index(t);
                in.remove(Integer.valueOf(j));
                factor.remove(t);
                assertFalse(factor.contains(j));
            }
            assertEquals(in.size(), factor.size());
            double[] v = new double[factor.size()];
            for (int t = 0; t < v.length; t++) {
                v[t] = random.nextGaussian();
            }
            double[] expected = reference(g, c, factor, v);
            factor.solveInPlace(v);
            assertArrayEquals(expected, v, 1e-9, "step " + step);
        }
    }

    @Test
    void refusesADependentIndexAndClears() {
        int c = 4;
        // atom 3 = atom 0 + atom 1
        double[] a = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0};
        double[] g = new double[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                for (int k = 0; k < 3; k++) {
                    g[i * c + j] += a[i * 3 + k] * a[j * 3 + k];
                }
            }
        }
        UpdatableCholesky factor = new UpdatableCholesky(g, c, 1e-10);
        assertTrue(factor.add(0));
        assertTrue(factor.add(1));
        assertFalse(factor.add(3));
        assertEquals(2, factor.size());
        assertFalse(factor.contains(3));
        assertTrue(factor.add(2));
        factor.clear();
        assertEquals(0, factor.size());
        assertFalse(factor.contains(0));
        assertTrue(factor.add(3));
    }
}
