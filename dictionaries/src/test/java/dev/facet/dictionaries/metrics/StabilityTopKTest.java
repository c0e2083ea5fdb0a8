package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stability of a real learner: a small TopK SAE trained with three seeds on planted data. */
class StabilityTopKTest {

    @Test
    void topkFindsTheSameAtomsAcrossSeeds(@TempDir Path dir) {
        PlantedDictionary planted = PlantedDictionary.generate(2000, 16, 12, 2, 0.01, 8);
        DictionaryLearnerFactory topk = SaeLearners.factories().stream().filter(f -> f.id().equals("topk"))
                .findFirst().orElseThrow();
        ConfigValues hyper = ConfigValues.of("test", Map.of("concepts", 12, "k", 2, "epochs", 6,
                "batch_size", 128, "lr", 1e-2, "checkpoint_every", 0));
        long started = System.nanoTime();
        Stability s = Stability.of(topk, hyper, ActivationSource.of(planted.data()), new long[] {1, 2, 3}, dir);
        System.out.printf("StabilityTopKTest: stability %.4f, pairs %.4f %.4f %.4f, %.1f s%n", s.mean(),
                s.pair(0, 1), s.pair(0, 2), s.pair(1, 2), (System.nanoTime() - started) / 1e9);
        assertEquals((s.pair(0, 1) + s.pair(0, 2) + s.pair(1, 2)) / 3, s.mean(), 1e-12);
        // baseline: unrelated random dictionaries of the same shape
        Stability random = Stability.compare(new long[] {1, 2, 3}, List.of(
                PlantedDictionary.generate(1, 16, 12, 1, 0, 101).atoms(),
                PlantedDictionary.generate(1, 16, 12, 1, 0, 102).atoms(),
                PlantedDictionary.generate(1, 16, 12, 1, 0, 103).atoms()));
        System.out.printf("StabilityTopKTest: random-dictionary baseline %.4f%n", random.mean());
        assertTrue(s.mean() <= 1 + 1e-9, "stability " + s.mean());
        assertTrue(s.mean() > random.mean() + 0.1, "stability " + s.mean() + " vs random " + random.mean());
    }
}
