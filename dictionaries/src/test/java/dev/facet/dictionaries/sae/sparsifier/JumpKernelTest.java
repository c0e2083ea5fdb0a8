package dev.facet.dictionaries.sae.sparsifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JumpKernelTest {

    private static final double[] POINTS = {-4, -1.5, -1, -0.75, -0.5, -0.3, 0, 0.2, 0.5, 0.6, 0.99, 1, 2.5, 5};
    /** Points where every density is continuous (away from the rectangle and compact-support edges). */
    private static final float[] SMOOTH_POINTS = {-3.7f, -1.3f, -0.83f, -0.41f, -0.12f, 0.07f, 0.33f, 0.71f, 0.94f,
        1.8f, 4.2f};

    /** ∫ₐᵇ K by composite Simpson on v = atan(u) (so infinite limits are fine), split at the kinks. */
    static double integral(JumpKernel kernel, double a, double b) {
        double[] breaks = {-1, -0.5, 0, 0.5, 1};
        double total = 0;
        double from = Math.atan(a);
        double end = Math.atan(b);
        for (double cut : breaks) {
            double v = Math.atan(cut);
            if (v > from && v < end) {
                total += simpson(kernel, from, v);
                from = v;
            }
        }
        return total + simpson(kernel, from, end);
    }

    private static double simpson(JumpKernel kernel, double from, double to) {
        int intervals = 20_000;
        double h = (to - from) / intervals;
        double sum = 0;
        for (int i = 0; i <= intervals; i++) {
            double v = from + i * h;
            // Evaluate just inside the segment ends so one-sided values are used at the kinks.
            double inside = i == 0 ? v + 1e-12 : i == intervals ? v - 1e-12 : v;
            double u = Math.tan(inside);
            double f = kernel.density(u) * (1 + u * u);
            sum += f * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    @ParameterizedTest
    @EnumSource(JumpKernel.class)
    void densityIntegratesToOne(JumpKernel kernel) {
        assertEquals(1.0, integral(kernel, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), 1e-6, kernel.id());
        assertEquals(0.0, kernel.cdf(-1e6), 1e-5);
        assertEquals(1.0, kernel.cdf(1e6), 1e-5);
    }

    @ParameterizedTest
    @EnumSource(JumpKernel.class)
    void cdfIsTheIntegralOfTheDensity(JumpKernel kernel) {
        for (double x : POINTS) {
            assertEquals(integral(kernel, Double.NEGATIVE_INFINITY, x), kernel.cdf(x), 1e-5, kernel.id() + " at " + x);
        }
        for (int i = 1; i < POINTS.length; i++) {
            assertTrue(kernel.cdf(POINTS[i]) >= kernel.cdf(POINTS[i - 1]) || kernel == JumpKernel.SILVERMAN,
                    "non-decreasing " + kernel.id());
        }
    }

    @Test
    void gaussianCdfMatchesKnownValues() {
        assertEquals(0.5, JumpKernel.GAUSSIAN.cdf(0), 1e-15);
        assertEquals(0.8413447460685429, JumpKernel.GAUSSIAN.cdf(1), 1e-14);
        assertEquals(0.0013498980316300946, JumpKernel.GAUSSIAN.cdf(-3), 1e-15);
        assertEquals(2.866515718791939e-7, JumpKernel.GAUSSIAN.cdf(-5), 1e-19);
        assertEquals(1 - 2.866515718791939e-7, JumpKernel.GAUSSIAN.cdf(5), 1e-15);
        assertEquals(0.9750021048517795, JumpKernel.GAUSSIAN.cdf(1.96), 1e-14);
    }

    @ParameterizedTest
    @EnumSource(JumpKernel.class)
    void ndArrayCdfEqualsDoubleCdfAndDifferentiatesToTheDensity(JumpKernel kernel) {
        Engine engine = PyTorchEngines.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            float[] points = new float[POINTS.length + SMOOTH_POINTS.length];
            for (int i = 0; i < POINTS.length; i++) {
                points[i] = (float) POINTS[i];
            }
            System.arraycopy(SMOOTH_POINTS, 0, points, POINTS.length, SMOOTH_POINTS.length);
            NDArray u = manager.create(points);
            u.setRequiresGradient(true);
            float[] values;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray cdf = kernel.cdf(u);
                values = cdf.toFloatArray();
                collector.backward(cdf.sum());
            }
            float[] gradient = u.getGradient().toFloatArray();
            for (int i = 0; i < points.length; i++) {
                assertEquals(kernel.cdf(points[i]), values[i], 2e-7, kernel.id() + " S(" + points[i] + ")");
            }
            for (int i = POINTS.length; i < points.length; i++) {
                assertEquals(kernel.density(points[i]), gradient[i], 2e-6, kernel.id() + " S'(" + points[i] + ")");
            }
        }
    }

    @Test
    void fromIdReadsIdsAndNamesTheAllowedOnes() {
        for (JumpKernel kernel : JumpKernel.values()) {
            assertEquals(kernel, JumpKernel.fromId(kernel.id()));
        }
        assertEquals(List.of("rectangle", "gaussian", "triangular", "cosine", "epanechnikov", "quartic", "silverman",
                "cauchy"), JumpKernel.ids());
        ConfigException error = assertThrows(ConfigException.class, () -> JumpKernel.fromId("box"));
        assertTrue(error.getMessage().contains("kernel"), error.getMessage());
        assertTrue(error.getMessage().contains("'box'"), error.getMessage());
        for (String id : JumpKernel.ids()) {
            assertTrue(error.getMessage().contains(id), error.getMessage());
        }
    }
}
