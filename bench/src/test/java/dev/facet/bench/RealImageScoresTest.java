package dev.facet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.DictionariesPlugin;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.pipeline.scan.ConceptMaps;
import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.pipeline.scan.TokenGrid;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The concepts' values on real images are those of their mean-code objectives, however the images are batched. */
class RealImageScoresTest {
    private static final int IMAGES = 50;
    /** Batches of 17 and of 50 images round the float32 activations differently: relative differences ~3e-7. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path temp;

    @Test
    void scoresAreTheConceptObjectivesAndTheMostFrequentComeFirst() {
        try (Backbone torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(DemoDictionary.MODEL))) {
            Tensor pixels = VisualizeBenchmark.pixels(torch, BundledModels.fashionMnistImages());
            pixels = new Tensor(torch.info().input().batchShape(IMAGES),
                    Arrays.copyOf(pixels.data(), pixels.size() / (int) pixels.dim(0) * IMAGES));
            HookPoint hook = torch.info().hookPoint(DemoDictionary.HOOK);
            Tensor activations = torch.forward(pixels, DemoDictionary.HOOK);
            try (Dictionary sae = new DictionariesPlugin().learners().stream().filter(f -> f.id().equals("topk"))
                    .findFirst().orElseThrow()
                    .create(ConfigValues.of("test", Map.of("concepts", 16, "k", 2, "epochs", 1, "checkpoint_every", 0)))
                    .fit(ActivationSource.of(TokenGrid.of(hook).tokens(activations, IMAGES)),
                            RunContext.builder().setOutputDirectory(temp).optSeed(1).build())) {
                RealImageScores real = RealImageScores.of(ConceptMaps.builder().setBackbone(torch)
                        .setHookPoint(DemoDictionary.HOOK).setDictionary(sae).build(), pixels, 17);
                assertEquals(IMAGES, real.images());
                for (int concept = 0; concept < real.concepts(); concept++) {
                    double[] expected = ConceptObjective.of(hook, sae, concept, ImageScore.MEAN).scores(activations);
                    for (int image = 0; image < IMAGES; image++) {
                        assertEquals(expected[image], real.score(concept, image), TOLERANCE * (1 + expected[image]),
                                "concept " + concept);
                    }
                    double bound = TOLERANCE * (1 + real.max(concept));
                    assertEquals(Arrays.stream(expected).max().orElseThrow(), real.max(concept), bound);
                    assertEquals(Arrays.stream(expected).average().orElseThrow(), real.mean(concept), bound);
                }
                int[] frequent = real.mostFrequent(0);
                assertTrue(frequent.length > 0);
                for (int i = 0; i < frequent.length; i++) {
                    assertTrue(real.firing(frequent[i]) > 0, "live concepts only");
                    assertTrue(i == 0 || real.firing(frequent[i - 1]) >= real.firing(frequent[i]),
                            "most frequent first");
                }
                assertEquals(Math.min(3, frequent.length), real.mostFrequent(3).length);
            }
        }
    }
}
