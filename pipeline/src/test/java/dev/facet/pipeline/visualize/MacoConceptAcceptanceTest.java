package dev.facet.pipeline.visualize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.facet.dictionaries.DictionariesPlugin;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.pipeline.scan.TokenGrid;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import dev.facet.visualization.FeatureVisualization;
import dev.facet.visualization.Maco;
import dev.facet.visualization.MacoSettings;
import dev.facet.visualization.VisualizationPictures;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import dev.facet.visualization.optim.OptimizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MACO (Fel et al. 2023, docs/algorithms.md#feature-visualization-maco) on a concept of the bundled tiny
 * ViT end to end: a TopK SAE learned on the layer-3 patch tokens of 300 bundled Fashion-MNIST images
 * (ONNX activations), the magnitude spectrum of those images, and MACO through the TorchScript model (the
 * same weights, with input gradients) on the concept's mean-code objective, gradient through the
 * dictionary's encoder. {@code facet bench visualize-acceptance} measures the concept values MACO reaches
 * on the demo's own dictionary (docs/benchmarks.md).
 */
class MacoConceptAcceptanceTest {
    private static final String MODEL = "tiny-vit-fmnist";
    private static final String HOOK = "layer.3";
    private static final int IMAGES = 300;
    /** A few steps and crops: enough to run every part of the loop, few for speed. */
    private static final MacoSettings SHORT = new MacoSettings(4, 4, 1.0, OptimizerKind.NADAM, 0.08, 0, 4);

    @TempDir
    Path temp;

    @Test
    void theSameSeedGivesTheSamePngBytesOfAConcept() throws IOException {
        try (Backbone torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(MODEL));
             Dictionary sae = train(torch)) {
            Tensor pixels = images(torch);
            ConceptObjective objective = mostFrequent(torch, sae, pixels);
            MagnitudeSpectrum spectrum = spectrum(torch.info().input(), pixels);
            List<Path> first = VisualizationPictures.write(maco(torch, objective, spectrum, 0), temp.resolve("a"));
            List<Path> second = VisualizationPictures.write(maco(torch, objective, spectrum, 0), temp.resolve("b"));
            List<Path> other = VisualizationPictures.write(maco(torch, objective, spectrum, 1), temp.resolve("c"));
            assertEquals(3, first.size());
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(Files.readAllBytes(first.get(i)), Files.readAllBytes(second.get(i)),
                        "same seed, same bytes: " + first.get(i).getFileName());
            }
            assertFalse(Arrays.equals(Files.readAllBytes(first.get(0)), Files.readAllBytes(other.get(0))),
                    "another seed, another image");
        }
    }

    private FeatureVisualization maco(Backbone torch, ConceptObjective objective, MagnitudeSpectrum spectrum,
            long seed) {
        return Maco.builder().setBackbone(torch).setObjective(objective).setSpectrum(spectrum).optSettings(SHORT)
                .run(RunContext.builder().setOutputDirectory(temp).optSeed(seed).build());
    }

    /** The objective of the concept that fires on the most of the images. */
    private static ConceptObjective mostFrequent(Backbone torch, Dictionary sae, Tensor pixels) {
        Tensor activations = torch.forward(pixels, HOOK);
        ConceptObjective best = null;
        long most = -1;
        for (int concept = 0; concept < sae.info().concepts(); concept++) {
            ConceptObjective objective = ConceptObjective.of(torch.info().hookPoint(HOOK), sae, concept, ImageScore.MEAN);
            long firing = Arrays.stream(objective.scores(activations)).filter(v -> v > 0).count();
            if (firing > most) {
                most = firing;
                best = objective;
            }
        }
        return best;
    }

    /** A TopK SAE of 32 concepts, k = 4, on the layer-3 patch tokens of the images through ONNX. */
    private Dictionary train(Backbone torch) {
        try (Backbone onnx = new OnnxBackboneFactory().open(BackboneConfig.of(MODEL))) {
            Tensor activations = onnx.forward(images(onnx), HOOK);
            DictionaryLearnerFactory topk = new DictionariesPlugin().learners().stream()
                    .filter(f -> f.id().equals("topk")).findFirst().orElseThrow();
            return topk.create(ConfigValues.of("test", Map.of("concepts", 32, "k", 4, "epochs", 3, "batch_size", 256,
                            "checkpoint_every", 0)))
                    .fit(ActivationSource.of(TokenGrid.of(torch.info().hookPoint(HOOK)).tokens(activations, IMAGES)),
                            RunContext.builder().setOutputDirectory(temp.resolve("sae")).optSeed(1).build());
        }
    }

    /** The spectrum of the images mapped back to [0, 1] (gray: one channel). */
    private static MagnitudeSpectrum spectrum(InputSpec input, Tensor pixels) {
        float[] images = pixels.data().clone();
        for (int i = 0; i < images.length; i++) {
            images[i] = images[i] * input.std()[0] + input.mean()[0];
        }
        return MagnitudeSpectrum.estimate(images, IMAGES, 1, input.height(), input.width());
    }

    private static Tensor images(Backbone backbone) {
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(IMAGES))) {
            return loader.next().pixels();
        }
    }
}
