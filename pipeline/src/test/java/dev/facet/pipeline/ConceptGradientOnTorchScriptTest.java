package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.attribution.GradientSettings;
import dev.facet.attribution.Saliency;
import dev.facet.dictionaries.sae.SaeDictionary;
import dev.facet.dictionaries.DictionariesPlugin;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a concept of a TopK SAE trained on the bundled tiny ViT's layer-3 patch tokens, explained by
 * saliency through TorchScript: ∂(concept value)/∂pixels, the backbone's input gradient of the concept
 * objective's gradient (the dictionary's VJP), against finite differences of the concept value.
 */
class ConceptGradientOnTorchScriptTest {
    private static final String MODEL = "tiny-vit-fmnist";
    private static final String HOOK = "layer.3";
    private static final int IMAGES = 32;
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();
    /**
     * Finite-difference step on normalised pixels, and the relative tolerance: the concept value is
     * computed in float32 (relative rounding ~1e-6 of a value ~2, ~4e-4 of a gradient ~0.3 after dividing
     * by 2h = 0.01) and is piecewise smooth (GELU and softmax in the ViT, TopK's active set in the SAE).
     * Curvature makes the one-sided differences differ by up to ~3% on these pixels, which the central
     * difference cancels to O(h²); a pixel whose one-sided differences differ by more than 10% of the
     * gradient ({@code KINK}) straddles an active-set change and is skipped. Measured: central
     * differences within 2.4e-4 (relative) of the gradient on the six pixels with the largest gradient,
     * so 1% has a margin.
     */
    private static final double STEP = 5e-3;
    private static final double TOLERANCE = 0.01;
    private static final double KINK = 0.1;

    @TempDir
    Path temp;

    @Test
    void saliencyOfAConceptMatchesFiniteDifferencesOfItsValue() {
        try (Backbone torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(MODEL));
             SaeDictionary sae = train(torch)) {
            Tensor pixels = images(torch, IMAGES);
            Tensor one = new Tensor(new long[] {1, 1, 28, 28}, Arrays.copyOf(pixels.data(), 28 * 28));
            Tensor activations = torch.forward(one, HOOK);
            int concept = strongest(torch, sae, activations);
            ConceptObjective objective = ConceptObjective.of(torch.info().hookPoint(HOOK), sae, concept, ImageScore.MEAN);
            double value = objective.scores(activations)[0];
            assertTrue(value > 0, "the concept fires on the image");

            Tensor upstream = objective.gradient(activations);
            float[] gradient = ((DifferentiableBackbone) torch).inputGradient(one, HOOK, upstream).data();
            Tensor saliency = new Saliency(new GradientSettings(4)).explain(torch, one, objective, CONTEXT);
            for (int p = 0; p < gradient.length; p++) {
                assertEquals(Math.abs(gradient[p]), saliency.data()[p], 1e-6 * (1 + Math.abs(gradient[p])),
                        "saliency is |∂ concept / ∂ pixel| at " + p);
            }

            int[] largest = IntStream.range(0, gradient.length).boxed()
                    .sorted(Comparator.comparingDouble(p -> -Math.abs(gradient[p]))).limit(6)
                    .mapToInt(Integer::intValue).toArray();
            int compared = 0;
            for (int p : largest) {
                double above = (score(torch, objective, one, p, STEP) - value) / STEP;
                double below = (value - score(torch, objective, one, p, -STEP)) / STEP;
                if (Math.abs(above - below) > KINK * Math.abs(gradient[p])) {
                    continue;
                }
                double difference = (above + below) / 2;
                assertEquals(difference, gradient[p], TOLERANCE * Math.abs(gradient[p]),
                        "∂ concept " + concept + " / ∂ pixel " + p);
                compared++;
            }
            assertTrue(compared >= 3, "pixels away from an active-set change: " + compared);
        }
    }

    @Test
    void reportsAcceptGradientMethodsForDifferentiableDictionariesOnly() {
        try (Backbone torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(MODEL));
             SaeDictionary sae = train(torch);
             Dictionary kmeans = fit("kmeans", Map.of("concepts", 4), patchRows(torch));
             LoadedPlugins plugins = PluginHost.builder().build().start()) {
            ReportSettings settings = ReportSettings.of(ConfigValues.of("report",
                    Map.of("attribution", Map.of("id", "saliency"))));
            assertNotNull(ConceptReport.attribution(plugins.registry(), settings, torch.info(), sae));
            MissingCapabilityException refused = assertThrows(MissingCapabilityException.class,
                    () -> ConceptReport.attribution(plugins.registry(), settings, torch.info(), kmeans));
            assertEquals("attribution 'saliency' of a concept requires [ENCODER_GRADIENTS] but dictionary 'kmeans' "
                    + "provides []; missing [ENCODER_GRADIENTS]", refused.getMessage());
        }
    }

    private SaeDictionary train(Backbone torch) {
        return (SaeDictionary) fit("topk", Map.of("concepts", 64, "k", 8, "epochs", 5, "batch_size", 128,
                "checkpoint_every", 0), patchRows(torch));
    }

    private Dictionary fit(String learner, Map<String, Object> hyperparameters, FloatMatrix rows) {
        DictionaryLearnerFactory factory = new DictionariesPlugin().learners().stream()
                .filter(f -> f.id().equals(learner)).findFirst().orElseThrow();
        return factory.create(ConfigValues.of("test", hyperparameters)).fit(ActivationSource.of(rows),
                RunContext.builder().setOutputDirectory(temp.resolve(learner)).optSeed(1).build());
    }

    /** The layer-3 patch tokens (CLS dropped) of the first images, one row per token. */
    private static FloatMatrix patchRows(Backbone torch) {
        Tensor activations = torch.forward(images(torch, IMAGES), HOOK);
        int tokens = (int) activations.dim(1);
        int width = (int) activations.dim(2);
        float[] rows = new float[IMAGES * (tokens - 1) * width];
        for (int image = 0; image < IMAGES; image++) {
            System.arraycopy(activations.data(), (image * tokens + 1) * width, rows, image * (tokens - 1) * width,
                    (tokens - 1) * width);
        }
        return new FloatMatrix(IMAGES * (tokens - 1), width, rows);
    }

    /** The concept with the largest mean value on the image. */
    private static int strongest(Backbone torch, SaeDictionary sae, Tensor activations) {
        int best = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int concept = 0; concept < sae.info().concepts(); concept++) {
            double value = ConceptObjective.of(torch.info().hookPoint(HOOK), sae, concept, ImageScore.MEAN)
                    .scores(activations)[0];
            if (value > top) {
                top = value;
                best = concept;
            }
        }
        return best;
    }

    private static double score(Backbone torch, ConceptObjective objective, Tensor pixels, int pixel, double h) {
        float[] data = pixels.data().clone();
        data[pixel] += (float) h;
        return objective.scores(torch.forward(new Tensor(pixels.shape(), data), HOOK))[0];
    }

    private static Tensor images(Backbone backbone, int n) {
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(n))) {
            return loader.next().pixels();
        }
    }
}
