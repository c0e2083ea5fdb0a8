package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.metrics.DictionaryMatching;
import dev.facet.dictionaries.sae.train.EpochLog;
import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance test of the learners of docs/algorithms.md: on activations made from a planted
 * dictionary of unit atoms with sparse non-negative codes, each learner finds the planted atoms
 * again (mean Hungarian-matched cosine ≥ 0.9) and reconstructs well (R² ≥ 0.95).
 */
class RecoveryTest {

    private static final int D = 64;
    private static final int PLANTED = 48;
    private static final int K = 3;
    private static final int CONCEPTS = 64;

    @ParameterizedTest
    @ValueSource(strings = {"topk", "batchtopk", "jumprelu"})
    void recoversPlantedAtoms(String learner, @TempDir Path runs) {
        PlantedDictionary planted = PlantedDictionary.generate(24_000, D, PLANTED, K, 0.01, 42);
        Map<String, Object> hyper = new HashMap<>(Map.of("concepts", CONCEPTS, "epochs", 12, "batch_size", 256,
                "lr", 3e-3, "checkpoint_every", 0));
        if (!learner.equals("jumprelu")) {
            hyper.put("k", K);
        } else {
            hyper.put("initial_threshold", 0.3);
            hyper.put("bandwidth", 0.05);
            hyper.put("l0_coefficient", 3e-3);
        }
        SaeLearner sae = (SaeLearner) SaeLearners.factories().stream().filter(f -> f.id().equals(learner))
                .findFirst().orElseThrow().create(ConfigValues.of("test", hyper));
        RunContext context = RunContext.builder().setOutputDirectory(runs).optSeed(1).build();
        try (SaeDictionary dictionary = sae.fit(ActivationSource.of(planted.data()), context)) {
            EpochLog last = sae.history().last();
            double cosine = DictionaryMatching.match(planted.atoms(), dictionary.atoms()).meanCosine();
            System.out.printf("%s: matched cosine %.4f, R2 %.4f, L0 %.2f, dead %.3f%n", learner, cosine, last.r2(),
                    last.l0(), last.windowDeadFraction());
            assertTrue(cosine >= 0.9, learner + ": mean matched cosine " + cosine);
            assertTrue(last.r2() >= 0.95, learner + ": R2 " + last.r2());
        }
    }
}
