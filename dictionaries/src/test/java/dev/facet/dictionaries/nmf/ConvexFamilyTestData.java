package dev.facet.dictionaries.nmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Test data and assertions shared by the convex-family tests. */
final class ConvexFamilyTestData {

    private ConvexFamilyTestData() {
    }

    /**
     * Points inside a planted simplex: vertices V (c × d, Gaussian times {@code scale}) mixed by
     * weights peaked near the vertices (normalised u⁴), plus Gaussian noise.
     */
    record PlantedSimplex(FloatMatrix data, FloatMatrix vertices, FloatMatrix weights) {

        static PlantedSimplex generate(int rows, int dim, int vertices, double scale, double noise, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] v = new float[vertices * dim];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (scale * random.nextGaussian());
            }
            FloatMatrix vm = new FloatMatrix(vertices, dim, v);
            return mix(vm, rows, noise, random);
        }

        /** More points from the same simplex. */
        PlantedSimplex more(int rows, double noise, long seed) {
            return mix(vertices, rows, noise, new SplittableRandom(seed));
        }

        private static PlantedSimplex mix(FloatMatrix vertices, int rows, double noise, SplittableRandom random) {
            int c = vertices.rows();
            int d = vertices.cols();
            float[] w = new float[rows * c];
            float[] x = new float[rows * d];
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    double u = random.nextDouble();
                    w[r * c + k] = (float) (u * u * u * u);
                    sum += w[r * c + k];
                }
                for (int k = 0; k < c; k++) {
                    w[r * c + k] /= (float) sum;
                }
                for (int j = 0; j < d; j++) {
                    double s = noise * random.nextGaussian();
                    for (int k = 0; k < c; k++) {
                        s += w[r * c + k] * vertices.data()[k * d + j];
                    }
                    x[r * d + j] = (float) s;
                }
            }
            return new PlantedSimplex(new FloatMatrix(rows, d, x), vertices, new FloatMatrix(rows, c, w));
        }
    }

    static RunContext context(Path dir, long seed) {
        return RunContext.builder().setOutputDirectory(dir).optSeed(seed).build();
    }

    /** Every row non-negative and summing to 1. */
    static void assertRowsOnSimplex(FloatMatrix m, double tol) {
        for (int r = 0; r < m.rows(); r++) {
            double sum = 0;
            for (int j = 0; j < m.cols(); j++) {
                assertTrue(m.get(r, j) >= 0, "negative entry " + m.get(r, j) + " at (" + r + ", " + j + ")");
                sum += m.get(r, j);
            }
            assertEquals(1.0, sum, tol, "row " + r + " sum");
        }
    }

    static void assertNonNegative(FloatMatrix m) {
        for (int i = 0; i < m.data().length; i++) {
            assertTrue(m.data()[i] >= 0, "negative entry " + m.data()[i] + " at " + i);
        }
    }

    /** ‖X − X̂‖_F / ‖X‖_F. */
    static double relativeError(FloatMatrix x, FloatMatrix reconstruction) {
        double err = 0;
        double norm = 0;
        for (int i = 0; i < x.data().length; i++) {
            double delta = x.data()[i] - reconstruction.data()[i];
            err += delta * delta;
            norm += (double) x.data()[i] * x.data()[i];
        }
        return Math.sqrt(err / norm);
    }

    static double distance(FloatMatrix a, int i, FloatMatrix b, int j) {
        double s = 0;
        for (int q = 0; q < a.cols(); q++) {
            double delta = a.get(i, q) - b.get(j, q);
            s += delta * delta;
        }
        return Math.sqrt(s);
    }

    static double norm(FloatMatrix a, int i) {
        double s = 0;
        for (int q = 0; q < a.cols(); q++) {
            s += (double) a.get(i, q) * a.get(i, q);
        }
        return Math.sqrt(s);
    }
}
