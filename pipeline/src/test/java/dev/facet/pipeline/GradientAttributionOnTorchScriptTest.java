package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.attribution.GradientSettings;
import dev.facet.attribution.IntegratedGradients;
import dev.facet.attribution.IntegratedGradientsSettings;
import dev.facet.attribution.IntegratedGradientsSettings.Baseline;
import dev.facet.attribution.IntegratedGradientsSettings.Quadrature;
import dev.facet.attribution.Saliency;
import dev.facet.attribution.SmoothGrad;
import dev.facet.attribution.SmoothGradSettings;
import dev.facet.attribution.SmoothGradSettings.Statistic;
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
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The gradient attributions on the bundled tiny ViT through TorchScript, and refused through ONNX. */
class GradientAttributionOnTorchScriptTest {
    private static final String MODEL = "tiny-vit-fmnist";
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();

    @Test
    void integratedGradientsAreCompleteOnTheBundledViT() {
        try (Backbone torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(MODEL))) {
            Tensor pixels = images(torch, 2);
            Tensor logits = torch.forward(pixels, "logits");
            Objective target = Objective.channel("logits", argmax(logits, 0));
            IntegratedGradients.Result result = new IntegratedGradients(new IntegratedGradientsSettings(50,
                    Quadrature.GAUSS_LEGENDRE, Baseline.ZERO, 10, 25)).attribute(torch, pixels, target, CONTEXT);
            assertArrayEquals(new long[] {2, 28, 28}, result.maps().shape());
            for (int n = 0; n < 2; n++) {
                double gap = Math.abs(result.completenessGap()[n]) / Math.abs(result.scoreChange()[n]);
                assertTrue(gap < 0.05, "relative completeness gap of image " + n + ": " + gap);
            }
            Tensor saliency = new Saliency(new GradientSettings(4)).explain(torch, pixels, target, CONTEXT);
            assertTrue(saliency.data()[0] >= 0 && maxOf(saliency) > 0, "a non-zero saliency map");
        }
    }

    /**
     * SmoothGrad and VarGrad on the bundled ViT: with noise far below the pixels' scale every copy has the
     * image's own gradient, so SmoothGrad is the saliency map and VarGrad vanishes; with the default noise
     * the copies differ and VarGrad does not. Seven copies in batches of 4 straddle the two images.
     */
    @Test
    void smoothGradAndVarGradOnTheBundledViT() {
        try (Backbone torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(MODEL))) {
            Tensor pixels = images(torch, 2);
            Objective target = Objective.channel("logits", argmax(torch.forward(pixels, "logits"), 0));
            Tensor saliency = new Saliency(new GradientSettings(4)).explain(torch, pixels, target, CONTEXT);
            Tensor quiet = new SmoothGrad(new SmoothGradSettings(7, 1e-6, Statistic.MEAN, 4))
                    .explain(torch, pixels, target, CONTEXT);
            assertArrayEquals(new long[] {2, 28, 28}, quiet.shape());
            double scale = maxOf(saliency);
            for (int i = 0; i < saliency.data().length; i++) {
                assertEquals(saliency.data()[i], quiet.data()[i], 1e-3 * scale, "pixel " + i);
            }
            Tensor quietVariance = new SmoothGrad(new SmoothGradSettings(7, 1e-6, Statistic.VARIANCE, 4))
                    .explain(torch, pixels, target, CONTEXT);
            assertTrue(maxOf(quietVariance) < 1e-4 * scale * scale, "VarGrad without noise: " + maxOf(quietVariance));
            Tensor variance = new SmoothGrad(new SmoothGradSettings(7, 0.15, Statistic.VARIANCE, 4))
                    .explain(torch, pixels, target, CONTEXT);
            assertTrue(maxOf(variance) > 1e-2 * scale * scale, "VarGrad at the default noise: " + maxOf(variance));
        }
    }

    @Test
    void theOnnxBackboneIsRefused() {
        try (Backbone onnx = new OnnxBackboneFactory().open(BackboneConfig.of(MODEL))) {
            MissingCapabilityException refused = assertThrows(MissingCapabilityException.class,
                    () -> new Saliency(new GradientSettings(4)).explain(onnx, images(onnx, 1),
                            Objective.channel("logits", 0), CONTEXT));
            assertTrue(refused.getMessage().contains("saliency") && refused.getMessage().contains("INPUT_GRADIENTS"),
                    refused.getMessage());
        }
    }

    private static Tensor images(Backbone backbone, int n) {
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(n))) {
            return loader.next().pixels();
        }
    }

    private static int argmax(Tensor logits, int image) {
        int best = 0;
        for (int c = 1; c < logits.dim(1); c++) {
            if (logits.get(image, c) > logits.get(image, best)) {
                best = c;
            }
        }
        return best;
    }

    private static double maxOf(Tensor t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : t.data()) {
            max = Math.max(max, v);
        }
        return max;
    }
}
