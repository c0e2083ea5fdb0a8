package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NnlsActiveSetTest {

    /** ½zᵀGz − bᵀz. */
    private static double objective(int m, double[] g, double[] b, double[] z) {
        double value = 0;
        for (int i = 0; i < m; i++) {
            value -= b[i] * z[i];
            for (int j = 0; j < m; j++) {
                value += 0.5 * z[i] * g[i * m + j] * z[j];
            }
        }
        return value;
    }

    /** The NNLS optimum by enumerating supports: unconstrained LS on each subset, kept when positive. */
    private static double bruteForce(int m, double[] g, double[] b, boolean[] allowed) {
        double best = 0;
        for (int mask = 1; mask < 1 << m; mask++) {
            boolean ok = true;
            for (int i = 0; i < m; i++) {
                ok &= (mask >> i & 1) == 0 || allowed[i];
            }
            if (!ok) {
                continue;
            }
            double[] z = new double[m];
            boolean[] passive = new boolean[m];
            for (int i = 0; i < m; i++) {
                passive[i] = (mask >> i & 1) == 1;
            }
            // Solve G_SS z_S = b_S by Gauss–Jordan elimination with partial pivoting.
            int[] index = java.util.stream.IntStream.range(0, m).filter(i -> passive[i]).toArray();
            int p = index.length;
            double[][] a = new double[p][p + 1];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] = g[index[i] * m + index[j]];
                }
                a[i][p] = b[index[i]];
            }
            for (int col = 0; col < p; col++) {
                int pivot = col;
                for (int r = col + 1; r < p; r++) {
                    if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                        pivot = r;
                    }
                }
                double[] swap = a[col];
                a[col] = a[pivot];
                a[pivot] = swap;
                for (int r = 0; r < p; r++) {
                    if (r != col) {
                        double f = a[r][col] / a[col][col];
                        for (int c = col; c <= p; c++) {
                            a[r][c] -= f * a[col][c];
                        }
                    }
                }
            }
            for (int i = 0; i < p; i++) {
                z[index[i]] = a[i][p] / a[i][i];
                ok &= z[index[i]] > 0;
            }
            if (ok) {
                best = Math.min(best, objective(m, g, b, z));
            }
        }
        return best;
    }

    @Test
    void matchesTheBestSupportAndSatisfiesKkt() {
        SplittableRandom random = new SplittableRandom(21);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + trial % 6;
            int d = m + 2;
            double[] atoms = new double[m * d];
            for (int i = 0; i < atoms.length; i++) {
                atoms[i] = random.nextGaussian();
            }
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = random.nextGaussian();
            }
            double[] g = new double[m * m];
            double[] b = new double[m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d; j++) {
                    b[i] += atoms[i * d + j] * x[j];
                    for (int l = 0; l < m; l++) {
                        g[i * m + l] += atoms[i * d + j] * atoms[l * d + j];
                    }
                }
            }
            boolean[] allowed = new boolean[m];
            Arrays.fill(allowed, true);
            if (m > 2) {
                allowed[trial % m] = false;
            }
            double optimum = bruteForce(m, g, b, allowed);
            // A warm start anywhere in the feasible set (some coordinates zero, some positive) reaches the same optimum.
            double[] warm = new double[m];
            for (int i = 0; i < m; i++) {
                warm[i] = random.nextBoolean() ? 0 : random.nextDouble() * 2;
            }
            Nnls.activeSet(m, g, b, allowed, warm, null);
            assertEquals(optimum, objective(m, g, b, warm), 1e-10, "warm trial " + trial);
            double[] z = new double[m];
            double[] inverse = new double[m * m];
            Nnls.activeSet(m, g, b, allowed, z, inverse);
            assertEquals(optimum, objective(m, g, b, z), 1e-10, "trial " + trial);
            for (int i = 0; i < m; i++) {
                double gradient = b[i];
                for (int j = 0; j < m; j++) {
                    gradient -= g[i * m + j] * z[j];
                }
                assertTrue(z[i] >= 0);
                if (!allowed[i]) {
                    assertEquals(0, z[i]);
                } else if (z[i] > 0) {
                    assertEquals(0, gradient, 1e-10, "stationary on the support");
                } else {
                    assertTrue(gradient <= 1e-7 * Arrays.stream(b).map(Math::abs).max().orElse(0), "KKT");
                }
            }
            // W is the inverse of G on the positive coordinates.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double product = 0;
                    for (int l = 0; l < m; l++) {
                        product += inverse[i * m + l] * g[l * m + j];
                    }
                    if (z[i] > 0 && z[j] > 0) {
                        assertEquals(i == j ? 1 : 0, product, 1e-9);
                    } else {
                        assertEquals(0, inverse[i * m + j], 0, "W is zero off the positive coordinates");
                    }
                }
            }
        }
    }

    @Test
    void dependentCoordinatesDoNotBreakTheSolve() {
        // Two identical atoms: G is singular; the optimum uses either one.
        double[] g = {1, 1, 0, 1, 1, 0, 0, 0, 1};
        double[] b = {2, 2, -1};
        double[] z = new double[3];
        Nnls.activeSet(3, g, b, new boolean[] {true, true, true}, z, new double[9]);
        assertEquals(2, z[0] + z[1], 1e-12);
        assertEquals(0, z[2]);
        assertTrue(z[0] == 0 || z[1] == 0);
    }

    @Test
    void solvesATwoByTwoSystemByHand() {
        // G = [[2, 1], [1, 2]], b = (3, -3): unconstrained (3, -3); with z ≥ 0, z = (3/2, 0), where the
        // second gradient b₂ − G₂₁·z₁ = −9/2 ≤ 0, and (G_PP)⁻¹ = 1/2 on P = {0}.
        double[] g = {2, 1, 1, 2};
        double[] z = new double[2];
        double[] inverse = new double[4];
        Nnls.activeSet(2, g, new double[] {3, -3}, new boolean[] {true, true}, z, inverse);
        assertArrayEquals(new double[] {1.5, 0}, z, 1e-12);
        assertArrayEquals(new double[] {0.5, 0, 0, 0}, inverse, 1e-12);
        // b = (1, 1): both positive, z = G⁻¹b = (1/3, 1/3), inverse [[2, -1], [-1, 2]]/3.
        Nnls.activeSet(2, g, new double[] {1, 1}, new boolean[] {true, true}, z, inverse);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0}, z, 1e-12);
        assertArrayEquals(new double[] {2 / 3.0, -1 / 3.0, -1 / 3.0, 2 / 3.0}, inverse, 1e-12);
    }

    @Test
    void refusesNonFiniteInput() {
        InvalidDataException gram = assertThrows(InvalidDataException.class, () -> Nnls.activeSet(2,
                new double[] {1, Double.NaN, Double.NaN, 1}, new double[] {1, 1}, new boolean[] {true, true},
                new double[2], null));
        assertTrue(gram.getMessage().contains("Gram matrix holds NaN at index 1"), gram.getMessage());
        assertThrows(InvalidDataException.class, () -> Nnls.activeSet(2, new double[] {1, 0, 0, 1},
                new double[] {Double.POSITIVE_INFINITY, 1}, new boolean[] {true, true}, new double[2], null));
    }
}
