package dev.facet.visualization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.attribution.Objective;
import dev.facet.spi.run.RunContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The pixel-space baseline on a linear model that reads one square region of a 12 × 12 gray image. */
class PixelVisualizationTest {
    private static final RunContext CONTEXT = RunContext.builder().setOutputDirectory(Path.of("target")).build();
    private static final int SIDE = 12;

    private static FeatureVisualization run(int jitter, long seed) {
        LinearBackbone model = LinearBackbone.region(LinearBackbone.gray(SIDE, 0.5f, 0.25f), 4, 8, 4, 8);
        return PixelVisualization.builder().setBackbone(model).setObjective(Objective.channel(LinearBackbone.HOOK, 0))
                .optSettings(new PixelSettings(60, 0.1, jitter, 0.01, 0.05, 0, 3))
                .run(RunContext.builder().setOutputDirectory(Path.of("target")).optSeed(seed).build());
    }

    @Test
    void theObjectiveRisesAndTheRegionBrightens() {
        FeatureVisualization result = run(1, 1);
        double[] trajectory = result.trajectory();
        assertEquals(60, trajectory.length);
        assertTrue(Math.abs(trajectory[0]) < 0.5, "a mid-gray start: " + trajectory[0]);
        // 16 pixels at most (1 − 0.5) / 0.25 = 2 each: the objective is bounded by 32
        assertTrue(result.score() > 10 && trajectory[59] > trajectory[0] + 8, "objective " + trajectory[0] + " -> "
                + trajectory[59] + ", final " + result.score());
        assertTrue(result.image().get(0, 6, 6) > 0.8, "a bright region: " + result.image().get(0, 6, 6));
    }

    /**
     * Only the region's pixels move the objective, so the transparency (summed |∂objective/∂image|) lies in
     * the region grown by the jitter, and mostly in the region itself.
     */
    @Test
    void theTransparencyLiesWhereTheObjectiveReads() {
        FeatureVisualization result = run(1, 1);
        double inside = 0;
        double grown = 0;
        double total = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double t = result.transparency().get(y, x);
                total += t;
                inside += y >= 4 && y < 8 && x >= 4 && x < 8 ? t : 0;
                grown += y >= 3 && y < 9 && x >= 3 && x < 9 ? t : 0;
            }
        }
        assertEquals(total, grown, 1e-6 * total, "no transparency beyond the jitter");
        assertTrue(inside / total > 0.4, "share in the 11% of the image the objective reads: " + inside / total);
    }

    @Test
    void theSameSeedGivesTheSameImage() {
        FeatureVisualization first = run(2, 5);
        FeatureVisualization second = run(2, 5);
        assertArrayEquals(first.image().data(), second.image().data());
        assertArrayEquals(first.transparency().data(), second.transparency().data());
        assertArrayEquals(first.trajectory(), second.trajectory());
    }

    @Test
    void rollShiftsCircularlyAndBack() {
        float[] image = ObjectiveGradientTest.random(2 * 3 * 4, 9);
        float[] rolled = new float[image.length];
        PixelVisualization.roll(image, 2, 3, 4, 1, -1, rolled);
        assertEquals(image[0], rolled[4 + 3], "(0, 0) moves to (1, 3)");
        assertEquals(image[12 + 2 * 4 + 1], rolled[12 + 0], "channel 1: (2, 1) moves to (0, 0)");
        float[] back = new float[image.length];
        PixelVisualization.roll(rolled, 2, 3, 4, -1, 1, back);
        assertArrayEquals(image, back);
    }
}
