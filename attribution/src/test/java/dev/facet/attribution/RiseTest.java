package dev.facet.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CancelledException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiseTest {
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();
    private static final Objective SCORE = Objective.channel("score", 0);

    /**
     * 28 × 42 image, default 7 × 7 grid (cells 4 × 6 pixels), region rows [4, 24) × columns [6, 30).
     * The score is centred (minus p times the region's area, its mean under the masks): RISE's map
     * is the mean score given that a pixel is kept, so an uncentred score adds E[f] everywhere.
     */
    private static RegionBackbone region() {
        return new RegionBackbone(28, 42, 4, 24, 6, 30, 0.5 * 20 * 24);
    }

    @Test
    void putsTheMassOnTheRegionTheObjectiveReads() {
        RegionBackbone backbone = region();
        Tensor maps = new RiseFactory().create(ConfigValues.of("test", Map.of()))
                .explain(backbone, backbone.ones(2), SCORE, CONTEXT);
        assertArrayEquals(new long[] {2, 28, 42}, maps.shape());
        for (int image = 0; image < 2; image++) {
            // The masks are smooth at the scale of a cell, so the map spreads up to a cell past the
            // region: the margin is 4 pixels, one cell's height and two thirds of its width.
            double share = backbone.positiveShareInside(maps, image, 4);
            assertTrue(share >= 0.9, "positive mass within a cell of the region: " + share);
            assertTrue(backbone.positiveShareInside(maps, image, 0) >= 0.7);
            assertTrue(maps.get(image, 14, 18) > Math.max(0, maps.get(image, 0, 41)), "centre against corner");
        }
        // Same masks for both images, so the same map.
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 42; x++) {
                assertEquals(maps.get(0, y, x), maps.get(1, y, x), 1e-3);
            }
        }
    }

    @Test
    void runsFullBatchesAcrossImages() {
        RegionBackbone backbone = region();
        new Rise(new RiseSettings(10, 7, 0.5, 8)).explain(backbone, backbone.ones(3), SCORE, CONTEXT);
        // 3 images x 10 masks = 30 masked images: three full batches of 8, then the remaining 6.
        assertEquals(List.of(8, 8, 8, 6), backbone.batches);
    }

    @Test
    void isDeterministicFromTheContextSeed() {
        RegionBackbone backbone = region();
        Attribution rise = new Rise(new RiseSettings(50, 7, 0.5, 16));
        Tensor first = rise.explain(backbone, backbone.ones(1), SCORE, CONTEXT);
        Tensor again = rise.explain(backbone, backbone.ones(1), SCORE, CONTEXT);
        Tensor other = rise.explain(backbone, backbone.ones(1), SCORE,
                RunContext.builder().setOutputDirectory(Path.of("target")).optSeed(7).build());
        assertArrayEquals(first.data(), again.data());
        assertTrue(!java.util.Arrays.equals(first.data(), other.data()));
    }

    @Test
    void validatesSettings() {
        ConfigException grid = assertThrows(ConfigException.class, () -> new RiseFactory().create(
                ConfigValues.of("test", Map.of("grid", 0))));
        assertTrue(grid.getMessage().contains("grid"), grid.getMessage());
        ConfigException keep = assertThrows(ConfigException.class, () -> new RiseFactory().create(
                ConfigValues.of("test", Map.of("keep_probability", 0.0))));
        assertTrue(keep.getMessage().contains("keep_probability"), keep.getMessage());
    }

    @Test
    void stopsWhenCancelled() {
        CancellationToken token = CancellationToken.create();
        token.cancel("test");
        RunContext cancelled = RunContext.builder().setOutputDirectory(Path.of("target")).optCancellation(token).build();
        RegionBackbone backbone = region();
        assertThrows(CancelledException.class, () -> new Rise(new RiseSettings(10, 7, 0.5, 4))
                .explain(backbone, backbone.ones(1), SCORE, cancelled));
    }
}
