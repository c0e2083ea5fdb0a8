package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.dictionaries.sae.train.SaeTrainer;
import dev.facet.dictionaries.sae.train.StepResult;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch of one row, as a store whose row count leaves one row for the last batch gives: every
 * encoder, sparsifier, loss and penalty takes a training step on it with a finite loss and finite
 * gradients (half the latents dead, so AuxK is asked for), a training run whose last batch has one row
 * completes, and the trained dictionary encodes one row to finite codes.
 */
class OneRowBatchTest {

    private static final int D = 6;
    private static final int C = 16;

    @TempDir
    Path runs;

    static Stream<Arguments> architectures() {
        List<Arguments> cases = new ArrayList<>();
        for (String encoder : List.of("linear", "tied", "mlp", "attention")) {
            cases.add(Arguments.of("encoder " + encoder, with(Map.of("sparsifier", "topk", "k", 2, "encoder", encoder))));
        }
        cases.add(Arguments.of("encoder mlp, batch norm, 3 residual blocks", with(Map.of("sparsifier", "topk", "k", 2,
                "encoder", "mlp", "encoder_norm", "batch", "encoder_blocks", 3, "residual", true))));
        cases.add(Arguments.of("encoder mlp, batch norm, relu", with(Map.of("sparsifier", "relu", "encoder", "mlp",
                "encoder_norm", "batch"))));
        for (String sparsifier : List.of("relu", "topk", "batchtopk", "jumprelu")) {
            cases.add(Arguments.of("sparsifier " + sparsifier, with(Map.of("sparsifier", sparsifier, "k", 2))));
        }
        for (String sparsifier : List.of("mp", "omp")) {
            cases.add(Arguments.of("sparsifier " + sparsifier + ", identity encoder",
                    with(Map.of("sparsifier", sparsifier, "k", 2))));
        }
        for (String loss : List.of("mse", "mse_l1", "mse_hoyer", "mse_kappa4", "elastic")) {
            cases.add(Arguments.of("loss " + loss, with(Map.of("sparsifier", "relu", "loss", loss, "lambda", 0.01))));
        }
        cases.add(Arguments.of("matryoshka prefixes", with(Map.of("sparsifier", "batchtopk", "k", 2,
                "prefixes", List.of(4, 8, C)))));
        cases.add(Arguments.of("auxk on relu", with(Map.of("sparsifier", "relu", "auxk", true))));
        cases.add(Arguments.of("jumprelu l0 penalty", with(Map.of("sparsifier", "jumprelu", "l0_coefficient", 0.1))));
        return cases.stream();
    }

    private static Map<String, Object> with(Map<String, Object> keys) {
        Map<String, Object> all = new LinkedHashMap<>(keys);
        all.put("concepts", C);
        if ("attention".equals(keys.get("encoder"))) {
            all.put("tokens", 1);
            all.put("heads", 2);
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void oneRowTrainingStepHasAFiniteLossAndFiniteGradients(String name, Map<String, Object> keys) {
        SaeConfig config = SaeConfig.from(ConfigValues.of("test", keys), null, false);
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager();
             SparseAutoencoder model = SparseAutoencoder.create(manager, config, D, 3, List.of())) {
            float[] dead = new float[C];
            for (int i = 0; i < C; i += 2) {
                dead[i] = 1f;
            }
            NDArray mask = manager.create(dead);
            for (TrainerConfig.Compute compute : TrainerConfig.Compute.values()) {
                if (compute == TrainerConfig.Compute.SPARSE
                        && dev.facet.dictionaries.sae.sparse.SparseTopKStep.unsupportedReason(model) != null) {
                    continue;
                }
                NDArray x = manager.create(SaeTrainingCheck.data(11, 1, D), new Shape(1, D));
                StepResult result = SaeTrainer.stepFor(model, compute).compute(model, x, mask);
                assertTrue(Double.isFinite(result.loss()), name + " (" + compute + "): loss " + result.loss());
                assertTrue(Double.isFinite(result.squaredError()), name + ": squared error " + result.squaredError());
                assertEquals(C, result.fired().length, name);
                result.gradients().forEach((parameter, gradient) -> {
                    for (float g : gradient.toFloatArray()) {
                        assertTrue(Float.isFinite(g), name + " (" + compute + "): gradient of " + parameter + " " + g);
                    }
                });
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void aRunWhoseLastBatchHasOneRowTrainsAndEncodesOneRow(String name, Map<String, Object> keys) {
        Map<String, Object> settings = new LinkedHashMap<>(keys);
        settings.remove("sparsifier");
        settings.put("epochs", 2);
        settings.put("batch_size", 4);
        settings.put("checkpoint_every", 0);
        settings.put("median_sample", 5);
        String id = (String) keys.get("sparsifier");
        SaeLearner learner = (SaeLearner) SaeLearners.factories().stream().filter(f -> f.id().equals(id))
                .findFirst().orElseThrow().create(ConfigValues.of("test", settings));
        FloatMatrix rows = new FloatMatrix(5, D, SaeTrainingCheck.data(13, 5, D));
        try (SaeDictionary dictionary = learner.fit(ActivationSource.of(rows), RunContext.builder()
                .setOutputDirectory(runs).optSeed(2).build())) {
            assertEquals(4, learner.history().steps().size(), name + ": two epochs of a batch of 4 and one of 1");
            learner.history().steps().forEach(step -> assertTrue(Double.isFinite(step.loss()), name + ": " + step));
            Codes codes = dictionary.encode(rows.rows(4, 5));
            assertEquals(1, codes.rows());
            for (float v : codes.values(0)) {
                assertTrue(Float.isFinite(v), name + ": code " + v);
            }
            for (float v : dictionary.decode(codes).data()) {
                assertTrue(Float.isFinite(v), name + ": reconstruction " + v);
            }
        }
    }

    /**
     * AuxK normalises by the residual's variance over the batch, which one row does not have: it adds
     * nothing then (rather than dividing by its 1e-12 guard), in the dense and the sparse step alike.
     */
    @Test
    void auxKAddsNothingOnOneRow() {
        SaeConfig config = SaeConfig.from(ConfigValues.of("test", Map.of("concepts", C, "k", 2)),
                SaeConfig.SparsifierKind.TOPK, false);
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager();
             SparseAutoencoder model = SparseAutoencoder.create(manager, config, D, 3, List.of())) {
            assertTrue(config.auxK());
            NDArray x = manager.create(SaeTrainingCheck.data(11, 1, D), new Shape(1, D));
            float[] allDead = new float[C];
            java.util.Arrays.fill(allDead, 1f);
            for (TrainerConfig.Compute compute : List.of(TrainerConfig.Compute.DENSE, TrainerConfig.Compute.SPARSE)) {
                double none = SaeTrainer.stepFor(model, compute).compute(model, x, manager.create(new float[C])).loss();
                double dead = SaeTrainer.stepFor(model, compute).compute(model, x, manager.create(allDead)).loss();
                assertEquals(none, dead, 1e-6 * Math.abs(none), compute + ": AuxK on one row");
            }
        }
    }
}
