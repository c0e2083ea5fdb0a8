package dev.facet.visualization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import dev.facet.visualization.optim.OptimizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MACO and the pixel baseline on the bundled tiny ViT (Fashion-MNIST) through TorchScript; refused through ONNX. */
class TinyVitVisualizationTest {
    private static final String MODEL = "tiny-vit-fmnist";
    /** The class "trouser" of Fashion-MNIST. */
    private static final Objective TROUSER = Objective.channel("logits", 1);

    private static Backbone torch;
    private static Tensor sample;
    private static MagnitudeSpectrum spectrum;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(MODEL));
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                new ImagePreprocessor(torch.info().input()), LoaderOptions.withBatchSize(64))) {
            sample = loader.next().pixels();
        }
        spectrum = MacoVisualizer.estimate(sample, torch.info().input());
    }

    @AfterAll
    static void close() {
        torch.close();
    }

    private static RunContext context(long seed) {
        return RunContext.builder().setOutputDirectory(Path.of("target")).optSeed(seed).build();
    }

    private static FeatureVisualization maco(MacoSettings settings, long seed) {
        return Maco.builder().setBackbone(torch).setObjective(TROUSER).setSpectrum(spectrum).optSettings(settings)
                .run(context(seed));
    }

    /** The objective of a mid-gray image and of the dataset sample's images. */
    private static double grayScore() {
        float[] gray = new float[28 * 28];
        Arrays.fill(gray, 0.5f);
        return new ObjectiveGradient((DifferentiableBackbone) torch, TROUSER, 1).score(gray, 28, 28);
    }

    /**
     * MACO raises the logit far above a mid-gray image's, and its transparency is far from uniform. (Where
     * the transparency lies is checked against exact gradients in {@code MacoTest}.)
     */
    @Test
    void macoRaisesTheClassLogitWithANonUniformTransparency() {
        FeatureVisualization result = maco(new MacoSettings(32, 8, 1.0, OptimizerKind.NADAM, 0.08, 0, 8), 1);
        double gray = grayScore();
        double[] trajectory = result.trajectory();
        assertEquals(32, trajectory.length);
        assertTrue(result.score() > gray + 1, "trouser logit " + result.score() + ", mid-gray " + gray);
        assertTrue(mean(trajectory, 8, 24) > trajectory[0] + 1, "trajectory " + trajectory[0] + " -> "
                + mean(trajectory, 8, 24));
        float[] t = result.transparency().data();
        double[] values = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            values[i] = t[i];
        }
        double mean = mean(values, 0, values.length);
        double max = Arrays.stream(values).max().orElseThrow();
        double std = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
        assertTrue(max / mean > 1.5 && std / mean > 0.2, "transparency max/mean " + max / mean + ", std/mean " + std / mean);
    }

    @Test
    void theSameSeedWritesTheSamePictures() throws IOException {
        MacoSettings tiny = new MacoSettings(6, 4, 1.0, OptimizerKind.NADAM, 0.08, 0, 4);
        List<Path> first = VisualizationPictures.write(maco(tiny, 5), dir.resolve("first"));
        List<Path> second = VisualizationPictures.write(maco(tiny, 5), dir.resolve("second"));
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(Files.readAllBytes(first.get(i)), Files.readAllBytes(second.get(i)), first.get(i).toString());
        }
        List<Path> other = VisualizationPictures.write(maco(tiny, 6), dir.resolve("other"));
        assertTrue(!Arrays.equals(Files.readAllBytes(first.get(0)), Files.readAllBytes(other.get(0))), "another seed");
    }

    @Test
    void thePixelBaselineRaisesTheClassLogit() {
        FeatureVisualization result = PixelVisualization.builder().setBackbone(torch).setObjective(TROUSER)
                .optSettings(new PixelSettings(32, 0.05, 2, 0.01, 0.05, 0, 2)).run(context(1));
        double gray = grayScore();
        double[] trajectory = result.trajectory();
        assertEquals(32, trajectory.length);
        assertTrue(result.score() > gray + 2, "trouser logit " + result.score() + ", mid-gray " + gray);
        assertTrue(mean(trajectory, 24, 32) > mean(trajectory, 0, 4) + 1.5, "trajectory " + mean(trajectory, 0, 4)
                + " -> " + mean(trajectory, 24, 32));
    }

    @Test
    void theOnnxBackboneIsRefusedNamingTheCapabilityAndTheModel() {
        try (Backbone onnx = new OnnxBackboneFactory().open(BackboneConfig.of(MODEL))) {
            MissingCapabilityException refused = assertThrows(MissingCapabilityException.class,
                    () -> Maco.builder().setBackbone(onnx));
            assertTrue(refused.getMessage().contains("INPUT_GRADIENTS") && refused.getMessage().contains(MODEL),
                    refused.getMessage());
        }
    }

    static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
