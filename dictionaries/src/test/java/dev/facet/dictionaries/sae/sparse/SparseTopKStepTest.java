package dev.facet.dictionaries.sae.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.SaeConfig;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.dictionaries.sae.train.DenseStep;
import dev.facet.dictionaries.sae.train.StepResult;
import dev.facet.djl.HeapArrays;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.config.ConfigValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseTopKStepTest {

    private static final int D = 24;
    private static final int C = 96;
    private static final int N = 80;

    @ParameterizedTest
    @ValueSource(strings = {
        "sparsifier=topk",
        "sparsifier=batchtopk",
        "sparsifier=topk,matryoshka",
        "sparsifier=batchtopk,matryoshka",
        "sparsifier=topk,encoder=tied",
        "sparsifier=topk,multiplier",
        "sparsifier=batchtopk,scale",
        "sparsifier=topk,noauxk",
    })
    void sparseAndDenseGiveTheSameLossAndGradients(String variant) {
        PyTorchEngines.pytorch();
        Map<String, Object> values = new HashMap<>(Map.of("concepts", C, "k", 5, "k_aux", 7));
        boolean matryoshka = false;
        float scale = 1f;
        for (String part : variant.split(",")) {
            String[] kv = part.split("=");
            switch (kv[0]) {
                case "matryoshka" -> {
                    matryoshka = true;
                    values.put("prefixes", List.of(8, 24, 60, C));
                }
                case "multiplier" -> values.put("multiplier", true);
                case "noauxk" -> values.put("auxk", false);
                case "scale" -> scale = 0.37f;
                default -> values.put(kv[0], kv[1]);
            }
        }
        SaeConfig config = SaeConfig.from(ConfigValues.of("test", values), null, matryoshka);
        try (NDManager manager = NDManager.newBaseManager();
             SparseAutoencoder model = SparseAutoencoder.create(manager, config, D, 7L, List.of())) {
            model.setInputScale(scale);
            SplittableRandom random = new SplittableRandom(3);
            HeapArrays.overwrite(model.decoderBias(), HeapInit.normal(random, D, 0.1));
            NDArray batch = manager.create(HeapInit.normal(random, N * D, 1.0), new Shape(N, D));
            float[] deadMask = new float[C];
            for (int i = 0; i < C; i += 3) {
                deadMask[i] = 1f;
            }
            NDArray dead = manager.create(deadMask);
            StepResult dense = new DenseStep().compute(model, batch, dead);
            StepResult sparse = new SparseTopKStep().compute(model, batch, dead);
            assertEquals(!variant.contains("multiplier"), sparse.dictionaryGradientAdjusted(), variant);
            if (sparse.dictionaryGradientAdjusted()) {
                // the sparse step removed the gradient parallel to each atom; do the same to the reference
                model.dictionary().beforeStep(dense.gradients());
            }
            assertEquals(dense.loss(), sparse.loss(), 1e-5 * Math.abs(dense.loss()), variant + " loss");
            assertEquals(dense.squaredError(), sparse.squaredError(), 1e-4 * dense.squaredError(), variant);
            assertEquals(dense.activeCodes(), sparse.activeCodes(), variant + " active codes");
            assertEquals(dense.gradients().keySet(), sparse.gradients().keySet(), variant + " gradient names");
            for (String name : dense.gradients().keySet()) {
                float[] expected = dense.gradients().get(name).toFloatArray();
                float[] actual = sparse.gradients().get(name).toFloatArray();
                double scaleOf = 0;
                for (float v : expected) {
                    scaleOf = Math.max(scaleOf, Math.abs(v));
                }
                assertTrue(scaleOf > 0, variant + ": gradient of " + name + " is zero");
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 2e-4 * scaleOf, variant + ": " + name + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void explainsWhichModelsItCannotTrain() {
        PyTorchEngines.pytorch();
        try (NDManager manager = NDManager.newBaseManager();
             SparseAutoencoder relu = SparseAutoencoder.create(manager, SaeConfig.from(ConfigValues.of("t",
                     Map.of("concepts", 8)), SaeConfig.SparsifierKind.RELU, false), 4, 1L, List.of());
             SparseAutoencoder topk = SparseAutoencoder.create(manager, SaeConfig.from(ConfigValues.of("t",
                     Map.of("concepts", 8, "k", 2)), SaeConfig.SparsifierKind.TOPK, false), 4, 1L, List.of())) {
            assertNotNull(SparseTopKStep.unsupportedReason(relu));
            assertNull(SparseTopKStep.unsupportedReason(topk));
        }
    }
}
