package dev.facet.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class SobolAttributionTest {
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();
    private static final Objective SCORE = Objective.channel("score", 0);

    /**
     * 16 × 24 image, default 8 × 8 grid (cells 2 × 3 pixels); the region, rows [2, 14) × columns
     * [3, 21), is aligned to whole cells (cell rows and columns 1 to 6).
     */
    private static RegionBackbone region() {
        return new RegionBackbone(16, 24, 2, 14, 3, 21, 0);
    }

    private static Tensor noise(RegionBackbone backbone) {
        Tensor pixels = backbone.ones(1);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < pixels.data().length; i++) {
            pixels.data()[i] = (float) (0.2 + random.nextDouble());
        }
        return pixels;
    }

    @Test
    void putsTheMassOnTheRegionTheObjectiveReads() {
        for (String perturbation : List.of("inpainting", "blur")) {
            RegionBackbone backbone = region();
            Tensor maps = new SobolFactory().create(ConfigValues.of("test",
                    Map.of("perturbation", perturbation, "blur_sigma", 2.0))).explain(backbone, noise(backbone), SCORE, CONTEXT);
            assertArrayEquals(new long[] {1, 16, 24}, maps.shape());
            double share = backbone.positiveShareInside(maps, 0, 0);
            assertTrue(share >= 0.9, perturbation + ": positive mass in the region " + share);
            assertTrue(maps.get(0, 8, 12) > 0, perturbation);
        }
    }

    @Test
    void runsFullBatches() {
        RegionBackbone backbone = region();
        new SobolAttribution(new SobolSettings(2, 4, SobolSettings.Perturbation.INPAINTING, 1, 8))
                .explain(backbone, backbone.ones(3), SCORE, CONTEXT);
        // 3 images x N (d + 1) = 3 x 4 x 5 = 60 masked images: seven full batches of 8, then 4.
        assertEquals(Collections.nCopies(7, 8), backbone.batches.subList(0, 7));
        assertEquals(List.of(4), backbone.batches.subList(7, 8));
    }

    /**
     * The first 16 points of the unscrambled 128-dimensional Sobol sequence in dimensions 0, 1, 2,
     * 10, 63, 64 and 127, from /usr/bin/python3 with scipy 1.10:
     * {@code qmc.Sobol(d=128, scramble=False).random(16)[:, [0, 1, 2, 10, 63, 64, 127]]}.
     * With d = 64, dimensions 0..63 are A and 64..127 are B, read back through the Cᵢ rows.
     */
    @Test
    void designsFollowTheSobolSequence() {
        double[][] expected = {
            {0, 0, 0, 0, 0, 0, 0},
            {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
            {0.75, 0.25, 0.25, 0.75, 0.75, 0.75, 0.25},
            {0.25, 0.75, 0.75, 0.25, 0.25, 0.25, 0.75},
            {0.375, 0.375, 0.625, 0.875, 0.125, 0.375, 0.625},
            {0.875, 0.875, 0.125, 0.375, 0.625, 0.875, 0.125},
            {0.625, 0.125, 0.875, 0.125, 0.875, 0.625, 0.875},
            {0.125, 0.625, 0.375, 0.625, 0.375, 0.125, 0.375},
            {0.1875, 0.3125, 0.9375, 0.6875, 0.6875, 0.5625, 0.0625},
            {0.6875, 0.8125, 0.4375, 0.1875, 0.1875, 0.0625, 0.5625},
            {0.9375, 0.0625, 0.6875, 0.4375, 0.4375, 0.3125, 0.3125},
            {0.4375, 0.5625, 0.1875, 0.9375, 0.9375, 0.8125, 0.8125},
            {0.3125, 0.1875, 0.3125, 0.3125, 0.5625, 0.9375, 0.6875},
            {0.8125, 0.6875, 0.8125, 0.8125, 0.0625, 0.4375, 0.1875},
            {0.5625, 0.4375, 0.0625, 0.5625, 0.3125, 0.1875, 0.9375},
            {0.0625, 0.9375, 0.5625, 0.0625, 0.8125, 0.6875, 0.4375},
        };
        int n = 16;
        SobolDesigns designs = new SobolDesigns(64, n);
        assertEquals(n * 65, designs.rows());
        for (int j = 0; j < n; j++) {
            double[] a = designs.design(j);
            double[] fromB0 = designs.design(n + j);
            double[] fromB63 = designs.design(n + 63 * n + j);
            double[] actual = {a[0], a[1], a[2], a[10], a[63], fromB0[0], fromB63[63]};
            assertArrayEquals(expected[j], actual, 0, "point " + j);
            // Cᵢ differs from A only in column i.
            assertEquals(a[1], fromB0[1]);
            assertEquals(a[0], fromB63[0]);
        }
    }

    /** f(x) = x₀ + 2x₁ + 3x₂ on [0, 1]³: total indices aᵢ² / Σa² = 1/14, 4/14, 9/14. */
    @Test
    void jansenEstimatorRecoversLinearTotalIndices() {
        assertArrayEquals(new double[] {1 / 14.0, 4 / 14.0, 9 / 14.0},
                totalIndices(x -> x[0] + 2 * x[1] + 3 * x[2], 3, 1024), 0.01);
    }

    /**
     * Ishigami, sin x₁ + 7 sin² x₂ + 0.1 x₃⁴ sin x₁ on [−π, π]³ (Ishigami and Homma 1990), whose total
     * indices are 0.5576, 0.4424, 0.2437 (Saltelli et al. 2010, table 1).
     */
    @Test
    void jansenEstimatorRecoversIshigamiTotalIndices() {
        double[] indices = totalIndices(x -> {
            double x1 = Math.PI * (2 * x[0] - 1);
            double x2 = Math.PI * (2 * x[1] - 1);
            double x3 = Math.PI * (2 * x[2] - 1);
            return Math.sin(x1) + 7 * Math.sin(x2) * Math.sin(x2) + 0.1 * Math.pow(x3, 4) * Math.sin(x1);
        }, 3, 4096);
        assertArrayEquals(new double[] {0.5576, 0.4424, 0.2437}, indices, 0.02);
    }

    @Test
    void constantOutputsGiveZeroIndices() {
        assertArrayEquals(new double[] {0, 0}, totalIndices(x -> 5, 2, 8), 0);
    }

    private static double[] totalIndices(ToDoubleFunction<double[]> f, int d, int n) {
        SobolDesigns designs = new SobolDesigns(d, n);
        double[] outputs = new double[designs.rows()];
        for (int row = 0; row < outputs.length; row++) {
            outputs[row] = f.applyAsDouble(designs.design(row));
        }
        return designs.totalOrder(outputs);
    }

    @Test
    void validatesSettingsNamingTheKey() {
        ConfigException designs = assertThrows(ConfigException.class, () -> new SobolFactory().create(
                ConfigValues.of("test", Map.of("designs", 24))));
        assertTrue(designs.getMessage().contains("designs") && designs.getMessage().contains("power of two"),
                designs.getMessage());
        ConfigException grid = assertThrows(ConfigException.class, () -> new SobolFactory().create(
                ConfigValues.of("test", Map.of("grid", 0))));
        assertTrue(grid.getMessage().contains("grid"), grid.getMessage());
        ConfigException large = assertThrows(ConfigException.class, () -> new SobolFactory().create(
                ConfigValues.of("test", Map.of("grid", 23))));
        assertTrue(large.getMessage().contains("grid"), large.getMessage());
        ConfigException perturbation = assertThrows(ConfigException.class, () -> new SobolFactory().create(
                ConfigValues.of("test", Map.of("perturbation", "noise"))));
        assertTrue(perturbation.getMessage().contains("perturbation"), perturbation.getMessage());
        RegionBackbone backbone = region();
        assertThrows(InvalidDataException.class, () -> new SobolAttribution(
                new SobolSettings(17, 2, SobolSettings.Perturbation.INPAINTING, 1, 8))
                .explain(backbone, backbone.ones(1), SCORE, CONTEXT));
    }
}
