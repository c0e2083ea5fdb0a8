package dev.facet.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.attribution.IntegratedGradientsSettings.Baseline;
import dev.facet.attribution.IntegratedGradientsSettings.Quadrature;
import dev.facet.attribution.SmoothGradSettings.Statistic;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientAttributionTest {
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();
    private static final Objective SCORE = Objective.channel("score", 0);

    /** 12 × 20 images, region rows [3, 9) × columns [5, 15). */
    private static CubicBackbone cubic() {
        return new CubicBackbone(12, 20, 3, 9, 5, 15);
    }

    private static AttributionFactory factory(String id) {
        return new AttributionPlugin().attributions().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private static Attribution create(String id, Map<String, Object> settings) {
        return factory(id).create(ConfigValues.of("test", settings));
    }

    @Test
    void saliencyAndGradientTimesInputAreTheAnalyticGradient() {
        CubicBackbone backbone = cubic();
        Tensor pixels = backbone.images(2);
        Tensor saliency = create("saliency", Map.of()).explain(backbone, pixels, SCORE, CONTEXT);
        Tensor product = create("gradient-input", Map.of()).explain(backbone, pixels, SCORE, CONTEXT);
        assertArrayEquals(new long[] {2, 12, 20}, saliency.shape());
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 20; x++) {
                    double largest = 0;
                    double sum = 0;
                    for (int c = 0; c < CubicBackbone.CHANNELS; c++) {
                        double v = pixels.get(n, c, y, x);
                        double gradient = backbone.inside(y, x) ? 3 * (c + 1) * v * v : 0;
                        largest = Math.max(largest, Math.abs(gradient));
                        sum += v * gradient;
                    }
                    assertEquals(largest, saliency.get(n, y, x), 1e-5);
                    assertEquals(sum, product.get(n, y, x), 1e-5);
                }
            }
        }
    }

    @Test
    void gaussLegendreIntegratedGradientsAreExactOnACubic() {
        CubicBackbone backbone = cubic();
        Tensor pixels = backbone.images(2);
        IntegratedGradients.Result result = new IntegratedGradients(new IntegratedGradientsSettings(50,
                Quadrature.GAUSS_LEGENDRE, Baseline.ZERO, 10, 32)).attribute(backbone, pixels, SCORE, CONTEXT);
        for (int n = 0; n < 2; n++) {
            assertEquals(backbone.score(pixels, n), result.scoreChange()[n], 1e-3);
            assertEquals(0, result.completenessGap()[n], 1e-4 * Math.abs(result.scoreChange()[n]));
            // With x′ = 0 the integral of 3w(αx)² is w·x², so IG is w·x³ per pixel.
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 20; x++) {
                    double expected = 0;
                    for (int c = 0; c < CubicBackbone.CHANNELS; c++) {
                        double v = pixels.get(n, c, y, x);
                        expected += backbone.inside(y, x) ? (c + 1) * v * v * v : 0;
                    }
                    assertEquals(expected, result.maps().get(n, y, x), 1e-4);
                }
            }
        }
    }

    @Test
    void bothQuadraturesAreCompleteForBothBaselines() {
        CubicBackbone backbone = cubic();
        Tensor pixels = backbone.images(2);
        for (Baseline baseline : Baseline.values()) {
            double legendre = relativeGap(backbone, pixels, Quadrature.GAUSS_LEGENDRE, baseline);
            double trapezoid = relativeGap(backbone, pixels, Quadrature.TRAPEZOID, baseline);
            assertTrue(trapezoid < 0.05, baseline + " trapezoid gap " + trapezoid);
            assertTrue(legendre < 1e-4, baseline + " Gauss–Legendre gap " + legendre);
            assertTrue(legendre < trapezoid / 10, "Gauss–Legendre " + legendre + " against trapezoid " + trapezoid);
        }
    }

    private static double relativeGap(CubicBackbone backbone, Tensor pixels, Quadrature quadrature, Baseline baseline) {
        IntegratedGradients.Result result = new IntegratedGradients(new IntegratedGradientsSettings(50, quadrature,
                baseline, 2, 32)).attribute(backbone, pixels, SCORE, CONTEXT);
        double worst = 0;
        for (int n = 0; n < result.completenessGap().length; n++) {
            assertTrue(Math.abs(result.scoreChange()[n]) > 1, "the baseline changes the score");
            worst = Math.max(worst, Math.abs(result.completenessGap()[n] / result.scoreChange()[n]));
        }
        return worst;
    }

    @Test
    void everyMethodPutsItsMassOnTheRegion() {
        CubicBackbone backbone = cubic();
        Tensor pixels = backbone.images(2);
        List<Attribution> methods = List.of(create("saliency", Map.of()), create("gradient-input", Map.of()),
                create("integrated-gradients", Map.of()),
                create("integrated-gradients", Map.of("quadrature", "trapezoid", "baseline", "blur", "blur_sigma", 2.0)),
                create("smoothgrad", Map.of()), create("smoothgrad", Map.of("statistic", "variance")));
        for (Attribution method : methods) {
            Tensor maps = method.explain(backbone, pixels, SCORE, CONTEXT);
            for (int n = 0; n < 2; n++) {
                double share = backbone.shareInside(maps, n);
                assertTrue(share >= 0.9, method.getClass().getSimpleName() + " mass in the region " + share);
            }
        }
    }

    @Test
    void smoothGradIsDeterministicFromTheSeedAndRunsFullBatches() {
        CubicBackbone backbone = cubic();
        Tensor pixels = backbone.images(3);
        Tensor first = new SmoothGrad(new SmoothGradSettings(10, 0.15, Statistic.MEAN, 8))
                .explain(backbone, pixels, SCORE, CONTEXT);
        // 3 images x 10 copies = 30 noisy images: three full batches of 8, then the remaining 6.
        assertEquals(List.of(8, 8, 8, 6), backbone.gradientBatches);
        Tensor again = new SmoothGrad(new SmoothGradSettings(10, 0.15, Statistic.MEAN, 7))
                .explain(backbone, pixels, SCORE, CONTEXT);
        assertArrayEquals(first.data(), again.data(), "the noise does not depend on the batch size");
        Tensor other = new SmoothGrad(new SmoothGradSettings(10, 0.15, Statistic.MEAN, 8)).explain(backbone, pixels,
                SCORE, RunContext.builder().setOutputDirectory(Path.of("target")).optSeed(7).build());
        assertFalse(java.util.Arrays.equals(first.data(), other.data()));
        Tensor variance = new SmoothGrad(new SmoothGradSettings(10, 0.15, Statistic.VARIANCE, 8))
                .explain(backbone, pixels, SCORE, CONTEXT);
        assertTrue(variance.get(0, 5, 8) > 0, "noisy gradients vary inside the region");
        assertEquals(0, variance.get(0, 0, 0), 0, "and not outside it");
    }

    @Test
    void integratedGradientsBatchThePathAcrossImages() {
        CubicBackbone backbone = cubic();
        new IntegratedGradients(new IntegratedGradientsSettings(5, Quadrature.TRAPEZOID, Baseline.ZERO, 10, 4))
                .attribute(backbone, backbone.images(2), SCORE, CONTEXT);
        assertEquals(List.of(4, 4, 2), backbone.gradientBatches);
    }

    @Test
    void needInputGradientsAndRefuseAForwardOnlyBackbone() {
        RegionBackbone forwardOnly = new RegionBackbone(12, 20, 3, 9, 5, 15, 0);
        for (String id : List.of("saliency", "gradient-input", "integrated-gradients", "smoothgrad")) {
            assertEquals(java.util.Set.of(Capability.INPUT_GRADIENTS), factory(id).requires());
            MissingCapabilityException refused = assertThrows(MissingCapabilityException.class,
                    () -> create(id, Map.of()).explain(forwardOnly, forwardOnly.ones(1), SCORE, CONTEXT));
            assertTrue(refused.getMessage().contains(id) && refused.getMessage().contains("INPUT_GRADIENTS"),
                    refused.getMessage());
        }
        assertTrue(forwardOnly.batches.isEmpty(), "refused before any forward pass");
    }

    @Test
    void validatesSettings() {
        ConfigException steps = assertThrows(ConfigException.class,
                () -> create("integrated-gradients", Map.of("steps", 1)));
        assertTrue(steps.getMessage().contains("steps"), steps.getMessage());
        ConfigException noise = assertThrows(ConfigException.class, () -> create("smoothgrad", Map.of("noise", 0.0)));
        assertTrue(noise.getMessage().contains("noise"), noise.getMessage());
    }
}
