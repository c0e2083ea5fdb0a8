package dev.facet.dictionaries.sae.sparsifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.djl.HeapArrays;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JumpReluSparsifierTest {

    private static final Engine ENGINE = PyTorchEngines.pytorch();

    /** Example of docs/algorithms.md#jumprelu-sae: rectangle kernel, ε = 1, θ = 1, upstream gradient 1. */
    @Test
    void referenceGradientWrtPre() {
        try (NDManager manager = ENGINE.newBaseManager(); SaeParameters parameters = new SaeParameters(manager)) {
            JumpReluSparsifier jump = new JumpReluSparsifier(parameters, 3, JumpKernel.RECTANGLE, 1.0, 1.0);
            float[] values = {.1f, .6f, 2f, 1.4f, 2f, 3f};
            NDArray pre = manager.create(values, new Shape(2, 3));
            pre.setRequiresGradient(true);
            float[] codes;
            try (GradientCollector collector = ENGINE.newGradientCollector()) {
                NDArray z = jump.codes(pre, null, null, true);
                codes = z.toFloatArray();
                collector.backward(z.sum());
            }
            assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1}, pre.getGradient().toFloatArray());
            // The value is exactly pre·H(pre − θ), bit for bit.
            assertArrayEquals(new float[] {0, 0, 2f, 1.4f, 2f, 3f}, codes);
            // u = pre − 1: K = 1 at u = −0.4 (column 1) and u = 0.4 (column 0); ∂z/∂t = −θ²·K/ε = −1 there.
            assertArrayEquals(new float[] {-1, -1, 0}, jump.logThreshold().getGradient().toFloatArray(), 1e-6f);
            assertEquals(0f, jump.threshold().getFloat(0) - 1f);
        }
    }

    /** A batch around per-concept thresholds, with u = (pre − θ)/ε spread over every kernel's support. */
    private static final class Fixture implements AutoCloseable {
        static final int ROWS = 8;
        static final int CONCEPTS = 5;
        static final double BANDWIDTH = 0.4;
        static final double[] GRID = {-2.6, -0.93, -0.37, -0.08, 0.21, 0.44, 0.79, 1.55};
        static final float[] THRESHOLDS = {0.5f, 1.0f, 1.7f, 0.3f, 2.2f};

        final NDManager manager = ENGINE.newBaseManager();
        final SaeParameters parameters = new SaeParameters(manager);
        final JumpReluSparsifier jump;
        final float[] pre = new float[ROWS * CONCEPTS];
        final float[] upstream = new float[ROWS * CONCEPTS];
        final double[] theta = new double[CONCEPTS];
        final NDArray preNd;

        Fixture(JumpKernel kernel) {
            jump = new JumpReluSparsifier(parameters, CONCEPTS, kernel, BANDWIDTH, 1.0);
            float[] log = new float[CONCEPTS];
            for (int i = 0; i < CONCEPTS; i++) {
                log[i] = (float) Math.log(THRESHOLDS[i]);
                theta[i] = Math.exp(log[i]);
            }
            HeapArrays.overwrite(jump.logThreshold(), log);
            for (int n = 0; n < ROWS; n++) {
                for (int i = 0; i < CONCEPTS; i++) {
                    pre[n * CONCEPTS + i] = (float) (theta[i] + BANDWIDTH * GRID[(n + 3 * i) % ROWS]);
                    upstream[n * CONCEPTS + i] = 0.5f + ((n * 7 + i * 3) % 11) / 10f;
                }
            }
            preNd = manager.create(pre, new Shape(ROWS, CONCEPTS));
            preNd.setRequiresGradient(true);
        }

        double u(int n, int i) {
            return (pre[n * CONCEPTS + i] - theta[i]) / BANDWIDTH;
        }

        /** Surrogate of Σ g·z whose true derivative wrt t is the pseudo-gradient: θ frozen at θ₀ outside S. */
        double codesSurrogate(int concept, double shift) {
            JumpKernel kernel = jump.kernel();
            double sum = 0;
            for (int n = 0; n < ROWS; n++) {
                for (int i = 0; i < CONCEPTS; i++) {
                    double p = pre[n * CONCEPTS + i];
                    double movedTheta = Math.exp(Math.log(theta[i]) + (i == concept ? shift : 0));
                    double gate = p > theta[i] ? 1 : 0;
                    sum += upstream[n * CONCEPTS + i]
                            * (p * gate + theta[i] * kernel.cdf((p - movedTheta) / BANDWIDTH));
                }
            }
            return sum;
        }

        /** Surrogate of the L0 mean count: mean over samples of Σ S((pre − θ)/ε). */
        double l0Surrogate(int concept, double shift) {
            double sum = 0;
            for (int n = 0; n < ROWS; n++) {
                for (int i = 0; i < CONCEPTS; i++) {
                    double movedTheta = Math.exp(Math.log(theta[i]) + (i == concept ? shift : 0));
                    sum += jump.kernel().cdf((pre[n * CONCEPTS + i] - movedTheta) / BANDWIDTH);
                }
            }
            return sum / ROWS;
        }

        @Override
        public void close() {
            parameters.close();
            manager.close();
        }
    }

    @ParameterizedTest
    @EnumSource(JumpKernel.class)
    void codesGradientIsThePseudoGradientAndTheSurrogateDerivative(JumpKernel kernel) {
        try (Fixture f = new Fixture(kernel)) {
            float[] codes;
            try (GradientCollector collector = ENGINE.newGradientCollector()) {
                NDArray z = f.jump.codes(f.preNd, null, null, true);
                codes = z.toFloatArray();
                collector.backward(z.mul(f.manager.create(f.upstream, z.getShape())).sum());
            }
            float[] gradT = f.jump.logThreshold().getGradient().toFloatArray();
            float[] gradPre = f.preNd.getGradient().toFloatArray();
            boolean anyNonZero = false;
            for (int i = 0; i < Fixture.CONCEPTS; i++) {
                double expected = 0;
                double scale = 0;
                for (int n = 0; n < Fixture.ROWS; n++) {
                    double g = f.upstream[n * Fixture.CONCEPTS + i];
                    // ∂z/∂θ = −(θ/ε)·K(u); ∂θ/∂t = θ.
                    double term = g * -(f.theta[i] / Fixture.BANDWIDTH) * kernel.density(f.u(n, i)) * f.theta[i];
                    expected += term;
                    scale += Math.abs(term);
                }
                anyNonZero |= scale > 0;
                assertEquals(expected, gradT[i], 1e-4 * scale + 1e-7, kernel.id() + " dL/dt" + i);
                double h = 1e-4;
                double central = (f.codesSurrogate(i, h) - f.codesSurrogate(i, -h)) / (2 * h);
                assertEquals(central, gradT[i], 1e-4 * scale + 1e-6, kernel.id() + " surrogate dL/dt" + i);
            }
            assertTrue(anyNonZero, kernel.id());
            for (int n = 0; n < Fixture.ROWS; n++) {
                for (int i = 0; i < Fixture.CONCEPTS; i++) {
                    int at = n * Fixture.CONCEPTS + i;
                    float gate = f.pre[at] > f.theta[i] ? 1 : 0;
                    assertEquals(f.upstream[at] * gate, gradPre[at], 0f, "dL/dpre");
                    assertEquals(f.pre[at] * gate, codes[at], 0f, "z = pre·H(pre − θ) exactly");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JumpKernel.class)
    void l0GradientIsThePseudoGradientAndTheSurrogateDerivative(JumpKernel kernel) {
        try (Fixture f = new Fixture(kernel)) {
            float l0;
            try (GradientCollector collector = ENGINE.newGradientCollector()) {
                NDArray count = f.jump.l0(f.preNd);
                assertEquals(0, count.getShape().dimension());
                l0 = count.getFloat();
                collector.backward(count);
            }
            int active = 0;
            for (int n = 0; n < Fixture.ROWS; n++) {
                for (int i = 0; i < Fixture.CONCEPTS; i++) {
                    active += f.pre[n * Fixture.CONCEPTS + i] > f.theta[i] ? 1 : 0;
                }
            }
            assertEquals((float) active / Fixture.ROWS, l0, 0f);
            float[] gradT = f.jump.logThreshold().getGradient().toFloatArray();
            for (int i = 0; i < Fixture.CONCEPTS; i++) {
                double expected = 0;
                double scale = 0;
                for (int n = 0; n < Fixture.ROWS; n++) {
                    // ∂H/∂θ = −(1/ε)·K(u), averaged over samples; ∂θ/∂t = θ.
                    double term = -(1 / Fixture.BANDWIDTH) * kernel.density(f.u(n, i)) * f.theta[i] / Fixture.ROWS;
                    expected += term;
                    scale += Math.abs(term);
                }
                assertEquals(expected, gradT[i], 1e-4 * scale + 1e-7, kernel.id() + " dL0/dt" + i);
                double h = 1e-4;
                double central = (f.l0Surrogate(i, h) - f.l0Surrogate(i, -h)) / (2 * h);
                assertEquals(central, gradT[i], 1e-4 * scale + 1e-6, kernel.id() + " surrogate dL0/dt" + i);
            }
            assertArrayEquals(new float[Fixture.ROWS * Fixture.CONCEPTS], f.preNd.getGradient().toFloatArray(), 0f,
                    "the L0 count passes no gradient to pre");
        }
    }

    @Test
    void inferenceCodesEqualTrainingCodes() {
        try (Fixture f = new Fixture(JumpKernel.GAUSSIAN)) {
            assertArrayEquals(f.jump.codes(f.preNd, null, null, true).toFloatArray(),
                    f.jump.codes(f.preNd, null, null, false).toFloatArray(), 0f);
        }
    }

    @Test
    void thresholdStartsAtTheInitialValue() {
        try (NDManager manager = ENGINE.newBaseManager(); SaeParameters parameters = new SaeParameters(manager)) {
            JumpReluSparsifier jump = new JumpReluSparsifier(parameters, 4, JumpKernel.COSINE, 0.01, 0.25);
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, jump.threshold().toFloatArray(), 1e-7f);
            assertTrue(parameters.trainable().containsKey(JumpReluSparsifier.LOG_THRESHOLD));
            assertEquals("jumprelu", jump.id());
        }
    }

    @Test
    void invalidSettingsNameTheFieldAndTheAllowedRange() {
        try (NDManager manager = ENGINE.newBaseManager(); SaeParameters parameters = new SaeParameters(manager)) {
            ConfigException bandwidth = assertThrows(ConfigException.class,
                    () -> new JumpReluSparsifier(parameters, 4, JumpKernel.RECTANGLE, 0, 0.1));
            assertEquals("Invalid bandwidth: 0.0; allowed: a finite number > 0", bandwidth.getMessage());
            ConfigException threshold = assertThrows(ConfigException.class,
                    () -> new JumpReluSparsifier(parameters, 4, JumpKernel.RECTANGLE, 0.1, -1));
            assertEquals("Invalid initial_threshold: -1.0; allowed: a finite number > 0", threshold.getMessage());
        }
    }
}
