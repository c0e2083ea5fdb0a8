package dev.facet.dictionaries.sae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.sae.SaeDictionary;
import dev.facet.dictionaries.sae.SaeLearner;
import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.dictionaries.sae.dictionary.ArchetypalDictionary;
import dev.facet.dictionaries.sae.encoder.LinearEncoder;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's archetypal initialisation on data far from the origin and far from unit norm (as
 * real activations are): candidates are centred rows, the linear encoder starts at D/‖D‖², and the
 * very first reconstructions are of the data's scale, not ‖d‖² times it.
 */
class ArchetypalInitTest {

    private static final int D = 16;
    private static final float OFFSET = 8f;
    private static final float SPREAD = 3f;

    @Test
    void candidatesAreCentredAndTheFirstStepsReconstructAtTheDataScale(@TempDir Path run) {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 2_000;
        float[] data = new float[rows * D];
        for (int i = 0; i < data.length; i++) {
            data[i] = OFFSET + SPREAD * (float) random.nextGaussian();
        }
        SaeLearner learner = (SaeLearner) SaeLearners.factories().stream().filter(f -> f.id().equals("topk"))
                .findFirst().orElseThrow().create(ConfigValues.of("test", Map.of("concepts", 32, "k", 4, "dictionary",
                        "archetypal", "candidates", 16, "epochs", 1, "batch_size", 100, "checkpoint_every", 0,
                        "log_every", 1, "lr", 1e-3)));
        try (SaeDictionary dictionary = learner.fit(ActivationSource.of(new FloatMatrix(rows, D, data)),
                RunContext.builder().setOutputDirectory(run).optSeed(3).build())) {
            ArchetypalDictionary archetypal = (ArchetypalDictionary) dictionary.model().dictionary();
            float[] candidates = archetypal.candidates().toFloatArray();
            double mean = 0;
            for (float value : candidates) {
                mean += value / candidates.length;
            }
            assertEquals(0, mean, 1.0, "candidates are centred on b_dec (raw rows have mean " + OFFSET + ")");

            // The variance per entry is SPREAD²; encoding with W_enc = D would start near ‖d‖⁴·SPREAD² ≈ 10⁴ times it.
            List<StepLog> steps = learner.history().steps();
            double firstLoss = steps.get(0).loss();
            assertTrue(firstLoss < 10 * SPREAD * SPREAD, "first-step MSE " + firstLoss);
            assertTrue(learner.history().last().r2() > 0, "epoch R2 " + learner.history().last().r2());
            assertTrue(dictionary.model().encoder() instanceof LinearEncoder);
        }
    }
}
