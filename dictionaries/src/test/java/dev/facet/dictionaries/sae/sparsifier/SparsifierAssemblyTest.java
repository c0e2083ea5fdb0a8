package dev.facet.dictionaries.sae.sparsifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.facet.dictionaries.sae.SaeConfig;
import dev.facet.dictionaries.sae.SaeForward;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.dictionaries.sae.loss.JumpL0Penalty;
import dev.facet.dictionaries.sae.loss.LossInput;
import dev.facet.dictionaries.sae.loss.SaeLoss;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The new sparsifiers as assembled from a config: forward plus backward of the summed losses. */
class SparsifierAssemblyTest {

    private static final Engine ENGINE = PyTorchEngines.pytorch();
    private final NDManager manager = ENGINE.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private SparseAutoencoder model(Map<String, ?> values) {
        return SparseAutoencoder.create(manager, SaeConfig.from(ConfigValues.of("test", values), null, false), 8, 1L,
                List.of());
    }

    private NDArray batch() {
        SplittableRandom random = new SplittableRandom(5);
        float[] data = new float[32 * 8];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return manager.create(data, new Shape(32, 8));
    }

    /** Runs forward and backward of Σ losses; returns the loss and checks every gradient is finite. */
    private float trainStep(SparseAutoencoder model) {
        NDArray x = batch();
        float total;
        try (GradientCollector collector = ENGINE.newGradientCollector()) {
            SaeForward forward = model.forward(x, true);
            NDArray loss = null;
            for (SaeLoss term : model.losses()) {
                NDArray value = term.compute(new LossInput(forward, model, null));
                loss = loss == null ? value : loss.add(value);
            }
            total = loss.getFloat();
            collector.backward(loss);
        }
        assertTrue(Float.isFinite(total), "loss " + total);
        model.parameters().trainable().forEach((name, parameter) -> {
            for (float g : parameter.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), name + " gradient " + g);
            }
        });
        return total;
    }

    private static double gradientNorm(SparseAutoencoder model, String name) {
        double sum = 0;
        for (float g : model.parameters().trainable().get(name).getGradient().toFloatArray()) {
            sum += g * g;
        }
        return Math.sqrt(sum);
    }

    @Test
    void jumpReluTrainsWithItsL0Penalty() {
        try (SparseAutoencoder model = model(Map.of("concepts", 16, "sparsifier", "jumprelu"))) {
            assertInstanceOf(JumpReluSparsifier.class, model.sparsifier());
            assertEquals(List.of("mse", "l0"), model.losses().stream().map(SaeLoss::id).toList());
            assertEquals(new JumpL0Penalty(1e-3), model.losses().get(1));
            trainStep(model);
            assertTrue(gradientNorm(model, SparseAutoencoder.DECODER_BIAS) > 0);
        }
    }

    @Test
    void jumpReluThresholdsReceiveGradientsWithAWideKernel() {
        try (SparseAutoencoder model = model(Map.of("concepts", 16, "sparsifier", "jumprelu", "kernel", "gaussian",
                "bandwidth", 0.5, "initial_threshold", 0.2, "l0_coefficient", 0.1))) {
            JumpReluSparsifier jump = (JumpReluSparsifier) model.sparsifier();
            assertEquals(JumpKernel.GAUSSIAN, jump.kernel());
            assertEquals(0.5, jump.bandwidth());
            trainStep(model);
            assertTrue(gradientNorm(model, JumpReluSparsifier.LOG_THRESHOLD) > 1e-4);
        }
    }

    @Test
    void matchingPursuitModelsTrain() {
        for (String kind : List.of("mp", "omp")) {
            try (SparseAutoencoder model = model(Map.of("concepts", 16, "sparsifier", kind, "k", 3))) {
                assertEquals(kind, model.sparsifier().id());
                assertEquals(3, model.sparsifier().k());
                assertEquals("identity", model.encoder().id());
                trainStep(model);
                NDArray codes = model.encode(batch());
                assertEquals(new Shape(32, 16), codes.getShape());
                float[] values = codes.toFloatArray();
                for (int row = 0; row < 32; row++) {
                    int active = 0;
                    for (int i = 0; i < 16; i++) {
                        active += values[row * 16 + i] != 0 ? 1 : 0;
                    }
                    assertTrue(active >= 1 && active <= 3, kind + " row " + row + " active " + active);
                }
                model.parameters().trainable().keySet().forEach(name ->
                        assertTrue(gradientNorm(model, name) > 0, kind + " " + name));
            }
        }
    }

    @Test
    void l0PenaltyNeedsJumpRelu() {
        try (SparseAutoencoder model = model(Map.of("concepts", 16, "sparsifier", "topk", "k", 2))) {
            SaeForward forward = model.forward(batch(), true);
            ConfigException error = assertThrows(ConfigException.class,
                    () -> new JumpL0Penalty(0.1).compute(new LossInput(forward, model, null)));
            assertEquals("Loss 'l0' (JumpReLU L0 penalty) expects sparsifier 'jumprelu'; found 'topk'",
                    error.getMessage());
        }
        ConfigException negative = assertThrows(ConfigException.class, () -> new JumpL0Penalty(-1));
        assertEquals("Invalid l0_coefficient: -1.0; allowed: a finite number >= 0", negative.getMessage());
    }

    @Test
    void unknownKernelIsRejected() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> model(Map.of("concepts", 16, "sparsifier", "jumprelu", "kernel", "box")));
        assertEquals("test: invalid kernel: 'box'; allowed: [rectangle, gaussian, triangular, cosine, epanechnikov, "
                + "quartic, silverman, cauchy]", error.getMessage());
    }
}
