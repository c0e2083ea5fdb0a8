package dev.facet.dictionaries.sae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.sae.SaeDictionary;
import dev.facet.dictionaries.sae.SaeLearner;
import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.CancelledException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run stopped mid-epoch resumes from its checkpoint and ends exactly where an uninterrupted run ends. */
class TrainingResumeTest {

    @TempDir
    Path temp;

    private static final ActivationSource DATA =
            ActivationSource.of(PlantedDictionary.generate(1_500, 16, 24, 3, 0.05, 8).data());

    private static SaeLearner learner(String id) {
        Map<String, Object> hyper = new HashMap<>(Map.of("concepts", 32, "epochs", 3, "batch_size", 100,
                "checkpoint_every", 4, "log_every", 1));
        if (!id.equals("relu")) {
            hyper.put("k", 3);
        }
        return (SaeLearner) SaeLearners.factories().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow().create(ConfigValues.of("test", hyper));
    }

    @ParameterizedTest
    @ValueSource(strings = {"topk", "batchtopk", "relu"})
    void aStoppedRunResumesToTheSameWeights(String id) {
        Map<String, Tensor> uninterrupted;
        try (SaeDictionary full = learner(id).fit(DATA, RunContext.builder().setOutputDirectory(temp.resolve("full"))
                .optSeed(4).build())) {
            uninterrupted = full.model().parameters().toTensors();
        }
        Path run = temp.resolve("stopped");
        CancellationToken token = CancellationToken.create();
        // 15 steps per epoch: stop during epoch 2 after step 21; the last checkpoint is at step 20.
        SaeLearner first = SaeLearner.builder().setId(id).setArchitecture(learner(id).architecture())
                .optTrainer(learner(id).trainer()).optListener(new TrainingListener() {
                    @Override
                    public void onStep(StepLog log) {
                        if (log.step() == 21) {
                            token.cancel("test stop");
                        }
                    }
                }).build();
        assertThrows(CancelledException.class, () -> first.fit(DATA, RunContext.builder().setOutputDirectory(run)
                .optSeed(4).optCancellation(token).build()));
        assertTrue(Files.isDirectory(run.resolve("checkpoint")), "checkpoint written before the stop");
        SaeLearner second = learner(id);
        try (SaeDictionary resumed = second.fit(DATA, RunContext.builder().setOutputDirectory(run).optSeed(4).build())) {
            Map<String, Tensor> weights = resumed.model().parameters().toTensors();
            assertEquals(uninterrupted.keySet(), weights.keySet());
            for (String name : weights.keySet()) {
                assertArrayEquals(uninterrupted.get(name).data(), weights.get(name).data(), 1e-6f, id + " " + name);
            }
            assertEquals(3, second.history().epochs().size(), "resumed history keeps every epoch");
            assertEquals(45, second.history().steps().size(), "resumed history keeps every step");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"topk"})
    void aCheckpointOfAnotherConfigurationIsRefused(String id) {
        Path run = temp.resolve("run");
        try (SaeDictionary ignored = learner(id).fit(DATA, RunContext.builder().setOutputDirectory(run).optSeed(4)
                .build())) {
            assertTrue(Files.isDirectory(run.resolve("checkpoint")));
        }
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> learner(id).fit(DATA,
                RunContext.builder().setOutputDirectory(run).optSeed(5).build()));
        assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
    }
}
