package dev.facet.dictionaries.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimplexProjectionTest {

    @Test
    void knownSmallExamples() {
        // Already on the simplex: unchanged.
        assertArrayEquals(new double[] {0.2, 0.3, 0.5}, SimplexProjection.project(new double[] {0.2, 0.3, 0.5}), 1e-12);
        // Uniform shift: (1,1) -> (0.5,0.5); (0,0) -> (0.5,0.5).
        assertArrayEquals(new double[] {0.5, 0.5}, SimplexProjection.project(new double[] {1, 1}), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, SimplexProjection.project(new double[] {0, 0}), 1e-12);
        // A dominant coordinate takes everything: (2, 0, -1) -> (1, 0, 0).
        assertArrayEquals(new double[] {1, 0, 0}, SimplexProjection.project(new double[] {2, 0, -1}), 1e-12);
        // (1, 0.5, 0): theta = 0.25 -> (0.75, 0.25, 0).
        assertArrayEquals(new double[] {0.75, 0.25, 0}, SimplexProjection.project(new double[] {1, 0.5, 0}), 1e-12);
        // Single coordinate always projects to 1.
        assertArrayEquals(new double[] {1}, SimplexProjection.project(new double[] {-7}), 1e-12);
        // A softmax would give positive weight to every coordinate; the true projection does not.
        double[] p = SimplexProjection.project(new double[] {3, -1, -2, 0.5});
        assertArrayEquals(new double[] {1, 0, 0, 0}, p, 1e-12);
    }

    @Test
    void resultsAreOnTheSimplexAndSatisfyKkt() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 500; trial++) {
            int c = 1 + random.nextInt(20);
            double scale = trial % 3 == 0 ? 0.1 : trial % 3 == 1 ? 1 : 30;
            double[] v = new double[c];
            for (int i = 0; i < c; i++) {
                v[i] = scale * (random.nextDouble() * 2 - 1);
            }
            double[] w = SimplexProjection.project(v);
            assertOnSimplex(w, 1e-12);
            assertKkt(v, w, 1e-9);
        }
    }

    @Test
    void isIdempotent() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 100; trial++) {
            double[] v = new double[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian() * 3;
            }
            double[] once = SimplexProjection.project(v);
            assertArrayEquals(once, SimplexProjection.project(once), 1e-12);
        }
    }

    @Test
    void noSimplexPointIsCloserThanTheProjection() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            int c = 2 + random.nextInt(4);
            double[] v = new double[c];
            for (int i = 0; i < c; i++) {
                v[i] = random.nextGaussian();
            }
            double best = distance2(v, SimplexProjection.project(v));
            for (int s = 0; s < 2000; s++) {
                // A random point of the simplex: normalised exponentials (uniform on Δ), sometimes on a face.
                double[] w = new double[c];
                double sum = 0;
                for (int i = 0; i < c; i++) {
                    w[i] = random.nextInt(4) == 0 ? 0 : -Math.log(1 - random.nextDouble());
                    sum += w[i];
                }
                if (sum == 0) {
                    continue;
                }
                for (int i = 0; i < c; i++) {
                    w[i] /= sum;
                }
                assertTrue(distance2(v, w) >= best - 1e-12, "found a simplex point closer than the projection");
            }
        }
    }

    @Test
    void projectsMatrixRowsLikeVectors() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 257;
        int c = 6;
        float[] data = new float[n * c];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * 2);
        }
        FloatMatrix m = new FloatMatrix(n, c, data);
        FloatMatrix projected = SimplexProjection.projectRows(m);
        for (int r = 0; r < n; r++) {
            double[] v = new double[c];
            for (int j = 0; j < c; j++) {
                v[j] = m.get(r, j);
            }
            double[] expected = SimplexProjection.project(v);
            for (int j = 0; j < c; j++) {
                assertEquals(expected[j], projected.get(r, j), 1e-6);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                assertTrue(projected.get(r, j) >= 0);
                sum += projected.get(r, j);
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(InvalidDataException.class, () -> SimplexProjection.project(new double[0]));
        assertThrows(InvalidDataException.class, () -> SimplexProjection.project(new double[] {1, Double.NaN}));
        assertThrows(InvalidDataException.class,
                () -> SimplexProjection.projectRows(new FloatMatrix(1, 2, new float[] {Float.POSITIVE_INFINITY, 0})));
        assertThrows(InvalidDataException.class, () -> SimplexProjection.projectRows(new FloatMatrix(2, 0, new float[0])));
    }

    static void assertOnSimplex(double[] w, double tol) {
        double sum = 0;
        for (double x : w) {
            assertTrue(x >= 0, "negative entry " + x);
            sum += x;
        }
        assertEquals(1.0, sum, tol);
    }

    /** KKT of min ½‖w − v‖² on Δ: there is θ with vᵢ − wᵢ = θ where wᵢ > 0 and vᵢ ≤ θ where wᵢ = 0. */
    private static void assertKkt(double[] v, double[] w, double tol) {
        double theta = Double.NaN;
        for (int i = 0; i < v.length; i++) {
            if (w[i] > 0) {
                theta = v[i] - w[i];
                break;
            }
        }
        assertTrue(Double.isFinite(theta), "no positive entry");
        for (int i = 0; i < v.length; i++) {
            if (w[i] > 0) {
                assertEquals(theta, v[i] - w[i], tol);
            } else {
                assertTrue(v[i] <= theta + tol, "inactive coordinate " + v[i] + " above threshold " + theta);
            }
        }
    }

    private static double distance2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
