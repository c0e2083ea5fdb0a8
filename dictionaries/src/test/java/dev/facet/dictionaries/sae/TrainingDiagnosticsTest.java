package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.metrics.DictionaryPass;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.dictionaries.sae.train.StepLog;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a short SAE run reports about itself: at least {@value TrainerConfig#STEP_LOGS} evenly spaced
 * step logs, a dead-latent window that fits the run, and final metrics (R², L0, dead codes) of the final
 * model on the training rows that equal what the evaluation pass finds on those rows, the dead fraction
 * exactly.
 */
class TrainingDiagnosticsTest {

    private static final int D = 8;
    private static final int ROWS = 2560;
    private static final int BATCH = 16;

    @TempDir
    Path runs;

    @Test
    void aShortRunLogsFiftyStepsAndRecordsTheFinalModelsMetricsOnItsRows() {
        SaeLearner learner = (SaeLearner) SaeLearners.factories().stream().filter(f -> f.id().equals("topk"))
                .findFirst().orElseThrow().create(ConfigValues.of("test", Map.of("concepts", 64, "k", 2,
                        "batch_size", BATCH, "checkpoint_every", 0)));
        ActivationSource data = ActivationSource.of(new FloatMatrix(ROWS, D, SaeTrainingCheck.data(4, ROWS, D)));
        try (SaeDictionary dictionary = learner.fit(data, RunContext.builder().setOutputDirectory(runs).optSeed(1)
                .build())) {
            long steps = ROWS / BATCH;
            List<StepLog> logs = learner.history().steps();
            assertEquals(steps / (steps / TrainerConfig.STEP_LOGS), logs.size(), "a log every 3 of 160 steps");
            assertTrue(logs.size() >= TrainerConfig.STEP_LOGS, logs.size() + " step logs");
            for (int i = 0; i < logs.size(); i++) {
                assertEquals(3L * (i + 1), logs.get(i).step());
            }
            assertEquals(ROWS / TrainerConfig.DEAD_WINDOW_RUN_FRACTION, learner.history().deadWindow(),
                    "a quarter of the run, far below the default dead_window of 10M samples");

            Map<String, Object> metrics = dictionary.provenance().metrics();
            StreamingEvaluator.Evaluation evaluated = DictionaryPass.evaluate(dictionary, data, 0,
                    DictionaryPass.DEFAULT_BATCH, DictionaryPass.BatchObserver.NONE);
            assertEquals(evaluated.deadFraction(), number(metrics, "dead_fraction").doubleValue(), 0.0);
            assertEquals(evaluated.deadCodes().length, number(metrics, "dead_count").intValue());
            assertEquals(evaluated.r2(), number(metrics, "r2").doubleValue(), 0.0);
            assertEquals(evaluated.l0(), number(metrics, "l0").doubleValue(), 0.0);
            assertEquals(ROWS, number(metrics, "rows").longValue());
            assertEquals(learner.history().last().windowDeadFraction(), number(metrics, "window_dead_fraction").doubleValue());
            assertEquals(ROWS / TrainerConfig.DEAD_WINDOW_RUN_FRACTION, number(metrics, "dead_window").longValue());
            assertEquals(3, number(metrics, "log_every").longValue());
        }
    }

    @Test
    void logIntervalAndDeadWindowFitTheRun() {
        TrainerConfig defaults = TrainerConfig.defaults();
        assertEquals(0, defaults.logEvery(), "the default is the automatic interval");
        assertEquals(1, defaults.logEvery(49), "every step of a run shorter than 50 steps");
        assertEquals(1, defaults.logEvery(99));
        assertEquals(2, defaults.logEvery(100));
        assertEquals(20, defaults.logEvery(1000));
        TrainerConfig every7 = TrainerConfig.from(ConfigValues.of("test", Map.of("log_every", 7)));
        assertEquals(7, every7.logEvery(1000), "an explicit interval is kept");

        assertEquals(250, defaults.deadWindow(1000), "a quarter of a short run");
        assertEquals(1, defaults.deadWindow(1));
        assertEquals(10_000_000, defaults.deadWindow(4_000_000_000L), "the configured window in a long run");
        TrainerConfig small = TrainerConfig.from(ConfigValues.of("test", Map.of("dead_window", 100)));
        assertEquals(100, small.deadWindow(1000));
    }

    private static Number number(Map<String, Object> metrics, String key) {
        return (Number) metrics.get(key);
    }
}
