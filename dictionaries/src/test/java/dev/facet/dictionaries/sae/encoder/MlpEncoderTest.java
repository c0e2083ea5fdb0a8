package dev.facet.dictionaries.sae.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.SaeConfig.NormKind;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;
import dev.facet.dictionaries.sae.SaeTrainingCheck;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.djl.HeapArrays;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MlpEncoderTest {

    private static final int D = 6;
    private static final int C = 10;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = PyTorchEngines.pytorch().newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[] atoms(long seed) {
        return HeapInit.unitRows(new SplittableRandom(seed), C, D);
    }

    private NDArray batch(long seed, int rows) {
        return manager.create(SaeTrainingCheck.data(seed, rows, D), new Shape(rows, D)).mul(3).add(1);
    }

    @Test
    void mapsRowsToConceptsAndRegistersNamedParameters() {
        for (NormKind norm : NormKind.values()) {
            for (int blocks : new int[] {1, 3}) {
                try (SaeParameters parameters = new SaeParameters(manager)) {
                    MlpEncoder encoder = new MlpEncoder(parameters, new SaeShape(D, C), atoms(1), norm, blocks, false,
                            new SplittableRandom(2));
                    assertEquals(blocks, encoder.blocks());
                    assertEquals("mlp", encoder.id());
                    for (boolean training : new boolean[] {true, false}) {
                        assertEquals(new Shape(5, C), encoder.forward(batch(3, 5), null, training).getShape());
                    }
                    for (int i = 0; i < blocks; i++) {
                        assertEquals(new Shape(D, D), parameters.get("encoder.blocks." + i + ".linear.weight").getShape());
                        assertEquals(new Shape(D), parameters.get("encoder.blocks." + i + ".linear.bias").getShape());
                        assertEquals(new Shape(D), parameters.get("encoder.blocks." + i + ".norm.weight").getShape());
                        assertEquals(new Shape(D), parameters.get("encoder.blocks." + i + ".norm.bias").getShape());
                    }
                    assertEquals(new Shape(C, D), parameters.get("encoder.output.weight").getShape());
                    assertEquals(new Shape(C), parameters.get("encoder.output.bias").getShape());
                    assertEquals(4 * blocks + 2, parameters.trainable().size());
                    Set<String> buffers = parameters.buffers().keySet();
                    assertEquals(norm == NormKind.BATCH ? 2 * blocks : 0, buffers.size(), buffers.toString());
                    if (norm == NormKind.BATCH) {
                        assertTrue(buffers.contains("encoder.blocks.0.norm.running_mean"), buffers.toString());
                        assertTrue(buffers.contains("encoder.blocks.0.norm.running_var"), buffers.toString());
                    }
                }
            }
        }
    }

    @Test
    void outputLayerStartsAtTheAtomsAndHiddenLayersAtPyTorchDefaults() {
        float[] atoms = atoms(1);
        try (SaeParameters parameters = new SaeParameters(manager)) {
            new MlpEncoder(parameters, new SaeShape(D, C), atoms, NormKind.LAYER, 3, true, new SplittableRandom(2));
            assertArrayEquals(atoms, parameters.get("encoder.output.weight").toFloatArray());
            assertArrayEquals(new float[C], parameters.get("encoder.output.bias").toFloatArray());
            double bound = 1 / Math.sqrt(D);
            for (int i = 0; i < 3; i++) {
                for (String name : List.of(".linear.weight", ".linear.bias")) {
                    float[] values = parameters.get("encoder.blocks." + i + name).toFloatArray();
                    for (float v : values) {
                        assertTrue(Math.abs(v) <= bound, name + " value " + v + " outside ±" + bound);
                    }
                }
                assertArrayEquals(HeapInit.filled(D, 1f), parameters.get("encoder.blocks." + i + ".norm.weight")
                        .toFloatArray());
            }
            assertNotEquals(parameters.get("encoder.blocks.0.linear.weight").toFloatArray()[0],
                    parameters.get("encoder.blocks.1.linear.weight").toFloatArray()[0]);
        }
    }

    @Test
    void sameSeedGivesTheSameEncoder() {
        float[][] outputs = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (SaeParameters parameters = new SaeParameters(manager)) {
                MlpEncoder encoder = new MlpEncoder(parameters, new SaeShape(D, C), atoms(1), NormKind.LAYER, 3, true,
                        new SplittableRandom(7));
                outputs[run] = encoder.forward(batch(3, 4), null, false).toFloatArray();
            }
        }
        assertArrayEquals(outputs[0], outputs[1]);
    }

    @Test
    void layerNormStandardisesEachRowBeforeGainAndBias() {
        try (SaeParameters parameters = new SaeParameters(manager)) {
            LayerNorm norm = new LayerNorm(parameters, "encoder.blocks.0.norm", D);
            NDArray y = batch(5, 7);
            float[] out = norm.apply(y, true).toFloatArray();
            for (int r = 0; r < 7; r++) {
                double mean = 0;
                double square = 0;
                for (int j = 0; j < D; j++) {
                    mean += out[r * D + j];
                    square += out[r * D + j] * out[r * D + j];
                }
                mean /= D;
                double variance = square / D - mean * mean;
                assertEquals(0, mean, 1e-5, "row " + r + " mean");
                assertEquals(1, variance, 1e-3, "row " + r + " variance");
            }
            assertArrayEquals(out, norm.apply(y, false).toFloatArray(), "same in inference");

            HeapArrays.overwrite(parameters.get("encoder.blocks.0.norm.weight"), HeapInit.filled(D, 2f));
            HeapArrays.overwrite(parameters.get("encoder.blocks.0.norm.bias"), HeapInit.filled(D, 3f));
            float[] scaled = norm.apply(y, true).toFloatArray();
            for (int i = 0; i < out.length; i++) {
                assertEquals(2 * out[i] + 3, scaled[i], 1e-5);
            }
        }
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndRunningStatisticsInInference() {
        int rows = 8;
        try (SaeParameters parameters = new SaeParameters(manager)) {
            BatchNorm norm = new BatchNorm(parameters, "encoder.blocks.0.norm", D);
            NDArray runningMean = parameters.get("encoder.blocks.0.norm.running_mean");
            NDArray runningVar = parameters.get("encoder.blocks.0.norm.running_var");
            NDArray y = batch(5, rows);
            float[] in = y.toFloatArray();

            float[] eval0 = norm.apply(y, false).toFloatArray();
            for (int i = 0; i < in.length; i++) {
                assertEquals(in[i] / Math.sqrt(1 + FeatureNorm.EPSILON), eval0[i], 1e-5, "initial running stats 0 / 1");
            }
            assertArrayEquals(new float[D], runningMean.toFloatArray(), "inference leaves the running mean");

            float[] train = norm.apply(y, true).toFloatArray();
            double[] mean = new double[D];
            double[] unbiased = new double[D];
            for (int j = 0; j < D; j++) {
                double m = 0;
                double s = 0;
                double om = 0;
                double os = 0;
                for (int r = 0; r < rows; r++) {
                    m += in[r * D + j];
                    om += train[r * D + j];
                    os += train[r * D + j] * train[r * D + j];
                }
                m /= rows;
                for (int r = 0; r < rows; r++) {
                    s += (in[r * D + j] - m) * (in[r * D + j] - m);
                }
                mean[j] = m;
                unbiased[j] = s / (rows - 1);
                om /= rows;
                assertEquals(0, om, 1e-5, "column " + j + " mean in training");
                assertEquals(1, os / rows - om * om, 1e-3, "column " + j + " variance in training");
            }
            assertSame(runningMean, parameters.get("encoder.blocks.0.norm.running_mean"));
            assertSame(runningVar, parameters.get("encoder.blocks.0.norm.running_var"));
            float[] rm = runningMean.toFloatArray();
            float[] rv = runningVar.toFloatArray();
            for (int j = 0; j < D; j++) {
                assertEquals(0.1 * mean[j], rm[j], 1e-5, "running mean " + j);
                assertEquals(0.9 + 0.1 * unbiased[j], rv[j], 1e-4, "running var " + j);
            }

            float[] eval = norm.apply(y, false).toFloatArray();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < D; j++) {
                    assertEquals((in[r * D + j] - rm[j]) / Math.sqrt(rv[j] + FeatureNorm.EPSILON), eval[r * D + j],
                            1e-4);
                }
            }
            assertArrayEquals(rm, runningMean.toFloatArray(), "inference leaves the running mean");
            assertFalse(java.util.Arrays.equals(train, eval), "training and inference differ");

            norm.apply(y, true);
            float[] rm2 = runningMean.toFloatArray();
            for (int j = 0; j < D; j++) {
                assertEquals(0.9 * rm[j] + 0.1 * mean[j], rm2[j], 1e-5, "second update of running mean " + j);
            }
        }
    }

    @Test
    void batchNormRunningStatisticsStayBuffersUnderAutograd() {
        try (SaeParameters parameters = new SaeParameters(manager)) {
            MlpEncoder encoder = new MlpEncoder(parameters, new SaeShape(D, C), atoms(1), NormKind.BATCH, 1, false,
                    new SplittableRandom(2));
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                gc.backward(encoder.forward(batch(3, 5), null, true).sum());
            }
            NDArray runningMean = parameters.get("encoder.blocks.0.norm.running_mean");
            assertFalse(runningMean.hasGradient(), "running mean must not require gradients");
            assertNotEquals(0f, runningMean.abs().sum().getFloat());
            assertTrue(parameters.get("encoder.blocks.0.linear.weight").getGradient().abs().sum().getFloat() > 0);
            assertTrue(parameters.get("encoder.blocks.0.norm.weight").getGradient().abs().sum().getFloat() > 0);
        }
    }

    /** One training row has no variance: it is standardised with the running statistics, which stay as they are. */
    @Test
    void batchNormStandardisesASingleTrainingRowWithTheRunningStatistics() {
        try (SaeParameters parameters = new SaeParameters(manager)) {
            BatchNorm norm = new BatchNorm(parameters, "n", D);
            norm.apply(batch(2, 8), true);
            float[] mean = parameters.get("n.running_mean").toFloatArray();
            float[] variance = parameters.get("n.running_var").toFloatArray();
            NDArray row = batch(1, 1);
            assertArrayEquals(norm.apply(row, false).toFloatArray(), norm.apply(row, true).toFloatArray());
            assertArrayEquals(mean, parameters.get("n.running_mean").toFloatArray(), "running mean unchanged");
            assertArrayEquals(variance, parameters.get("n.running_var").toFloatArray(), "running variance unchanged");
        }
    }

    @Test
    void residualAddsEachBlockToItsInput() {
        NDArray x = batch(4, 5);
        for (NormKind norm : NormKind.values()) {
            try (SaeParameters plainParameters = new SaeParameters(manager);
                 SaeParameters residualParameters = new SaeParameters(manager)) {
                MlpEncoder plain = new MlpEncoder(plainParameters, new SaeShape(D, C), atoms(1), norm, 1, false,
                        new SplittableRandom(9));
                MlpEncoder residual = new MlpEncoder(residualParameters, new SaeShape(D, C), atoms(1), norm, 1, true,
                        new SplittableRandom(9));
                assertFalse(plain.residual());
                assertTrue(residual.residual());
                float[] block = plain.hidden(x, false).toFloatArray();
                float[] withInput = residual.hidden(x, false).toFloatArray();
                float[] input = x.toFloatArray();
                for (float v : block) {
                    assertTrue(v >= 0, "a block ends with ReLU");
                }
                for (int i = 0; i < input.length; i++) {
                    assertEquals(input[i] + block[i], withInput[i], 1e-5, norm + " entry " + i);
                }
            }
        }
    }

    @Test
    void rejectsZeroBlocks() {
        try (SaeParameters parameters = new SaeParameters(manager)) {
            ConfigException e = assertThrows(ConfigException.class, () -> new MlpEncoder(parameters,
                    new SaeShape(D, C), atoms(1), NormKind.LAYER, 0, false, new SplittableRandom(1)));
            assertTrue(e.getMessage().contains("encoder_blocks") && e.getMessage().contains(">= 1"), e.getMessage());
        }
    }

    @Test
    void assembledModelsTrainWithEachNormAndDepth() {
        int rows = 32;
        float[] data = SaeTrainingCheck.data(11, rows, D);
        for (String norm : List.of("layer", "batch")) {
            for (int blocks : new int[] {1, 3}) {
                for (boolean residual : new boolean[] {false, true}) {
                    Map<String, Object> keys = Map.of("concepts", C, "k", 3, "encoder", "mlp", "encoder_norm", norm,
                            "encoder_blocks", blocks, "residual", residual);
                    try (SparseAutoencoder model = SaeTrainingCheck.model(manager, keys, D, 5)) {
                        assertTrue(model.encoder() instanceof MlpEncoder);
                        float[] losses = SaeTrainingCheck.sgd(manager, model, data, rows, 20, 0.05f, m -> { });
                        SaeTrainingCheck.assertDecreases("mlp " + keys, losses);
                        assertEquals(new Shape(rows, C), model.encode(manager.create(data, new Shape(rows, D)))
                                .getShape());
                    }
                }
            }
        }
    }
}
