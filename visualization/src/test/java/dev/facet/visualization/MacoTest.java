package dev.facet.visualization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CancelledException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import dev.facet.visualization.optim.OptimizerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** MACO's loop on linear models of 16 × 16 colour images, whose gradients are exact. */
class MacoTest {
    private static final int SIDE = 16;
    private static final MacoSettings SMALL = new MacoSettings(40, 8, 0.5, OptimizerKind.NADAM, 0.08, 0, 8);

    private static RunContext context(long seed) {
        return RunContext.builder().setOutputDirectory(Path.of("target")).optSeed(seed).build();
    }

    /** The spectrum of a few smooth random RGB images. */
    static MagnitudeSpectrum spectrum(int channels, int side) {
        int n = 4;
        float[] noise = ObjectiveGradientTest.random(n * channels * side * side, 11);
        float[] smooth = new float[noise.length];
        for (int plane = 0; plane < n * channels; plane++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double sum = 0;
                    for (int d = -1; d <= 1; d++) {
                        sum += noise[plane * side * side + Math.floorMod(y + d, side) * side + Math.floorMod(x + d, side)];
                    }
                    smooth[plane * side * side + y * side + x] = (float) (sum / 3);
                }
            }
        }
        return MagnitudeSpectrum.estimate(smooth, n, channels, side, side);
    }

    private static FeatureVisualization run(LinearBackbone model, long seed) {
        return run(model, SMALL, seed);
    }

    private static FeatureVisualization run(LinearBackbone model, MacoSettings settings, long seed) {
        return Maco.builder().setBackbone(model).setObjective(Objective.channel(LinearBackbone.HOOK, 0))
                .setSpectrum(spectrum(3, SIDE)).optSettings(settings).run(context(seed));
    }

    private static LinearBackbone centre(ChannelOrder order) {
        return LinearBackbone.region(LinearBackbone.colour(SIDE, order), 4, 12, 4, 12);
    }

    /**
     * A ramp objective (dark above, bright below; 0 on a uniform image) rises from the random start, and
     * the final image scores above the start's image. (The crops shrink over the steps, so the trajectory
     * is not monotone.)
     */
    @Test
    void theObjectiveRisesFromTheRandomStart() {
        LinearBackbone model = LinearBackbone.ramp(LinearBackbone.colour(SIDE, ChannelOrder.RGB), 0, 1, 2);
        FeatureVisualization result = run(model, SMALL, 3);
        FeatureVisualization start = run(model, new MacoSettings(1, 8, 1e-9, OptimizerKind.NADAM, 0.08, 0, 8), 3);
        double[] trajectory = result.trajectory();
        assertEquals(40, trajectory.length);
        assertTrue(mean(trajectory, 20, 40) > trajectory[0] + 10, "objective " + trajectory[0] + " -> "
                + mean(trajectory, 20, 40));
        assertTrue(result.score() > start.score() + 3, "final " + result.score() + ", start " + start.score());
        assertArrayEquals(new long[] {3, SIDE, SIDE}, result.image().shape());
        for (float v : result.image().data()) {
            assertTrue(v >= 0 && v <= 1, "pixel " + v);
        }
    }

    /** The crops are centred near the image's centre, so the transparency of a central objective is there too. */
    @Test
    void theTransparencyGathersWhereTheObjectiveReads() {
        FeatureVisualization result = run(centre(ChannelOrder.RGB), 3);
        double inside = 0;
        double total = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double t = result.transparency().get(y, x);
                total += t;
                inside += y >= 4 && y < 12 && x >= 4 && x < 12 ? t : 0;
            }
        }
        assertTrue(inside / total > 0.5, "share in the central quarter: " + inside / total);
    }

    @Test
    void theSameSeedGivesTheSameImageAndAnotherSeedAnother() {
        FeatureVisualization first = run(centre(ChannelOrder.RGB), 7);
        FeatureVisualization second = run(centre(ChannelOrder.RGB), 7);
        assertArrayEquals(first.image().data(), second.image().data());
        assertArrayEquals(first.transparency().data(), second.transparency().data());
        assertArrayEquals(first.trajectory(), second.trajectory());
        assertTrue(!Arrays.equals(first.image().data(), run(centre(ChannelOrder.RGB), 8).image().data()));
    }

    /**
     * A BGR model whose ramp reads its first channel only, blue: the image, returned in the model's order,
     * has the ramp in that channel, not in red.
     */
    @Test
    void aBgrModelGetsItsChannelsInItsOrder() {
        LinearBackbone blueRamp = LinearBackbone.ramp(LinearBackbone.colour(SIDE, ChannelOrder.BGR), 0);
        FeatureVisualization result = run(blueRamp, 3);
        assertEquals(ChannelOrder.BGR, result.order());
        double blue = rampOf(result, 0);
        double red = rampOf(result, 2);
        assertTrue(blue > 0.01 && blue > 5 * Math.abs(red), "ramp of blue " + blue + ", of red " + red);
    }

    @Test
    void aCancelledRunStops() {
        CancellationToken token = CancellationToken.create();
        token.cancel("test");
        RunContext cancelled = RunContext.builder().setOutputDirectory(Path.of("target")).optCancellation(token).build();
        assertThrows(CancelledException.class, () -> Maco.builder().setBackbone(centre(ChannelOrder.RGB))
                .setObjective(Objective.channel(LinearBackbone.HOOK, 0)).setSpectrum(spectrum(3, SIDE))
                .optSettings(SMALL).run(cancelled));
    }

    @Test
    void progressIsReportedInSteps() {
        AtomicLong advanced = new AtomicLong();
        List<String> started = new ArrayList<>();
        ProgressListener listener = (name, total, unit) -> {
            started.add(name + " " + total + " " + unit);
            return new ProgressTask() {
                @Override
                public void advance(long units) {
                    advanced.addAndGet(units);
                }

                @Override
                public void close() {
                }
            };
        };
        Maco.builder().setBackbone(centre(ChannelOrder.RGB)).setObjective(Objective.channel(LinearBackbone.HOOK, 0))
                .setSpectrum(spectrum(3, SIDE)).optSettings(SMALL)
                .run(RunContext.builder().setOutputDirectory(Path.of("target")).optProgress(listener).build());
        assertEquals(List.of("maco 40 steps"), started);
        assertEquals(40, advanced.get());
    }

    @Test
    void theMeanCropSideFallsFromHalfToATwentieth() {
        assertEquals(0.5, Maco.meanCropSide(0, 256), 1e-12);
        assertEquals(0.05, Maco.meanCropSide(255, 256), 1e-12);
        assertEquals(0.275, Maco.meanCropSide(1, 3), 1e-12);
        assertEquals(0.5, Maco.meanCropSide(0, 1), 1e-12);
    }

    /** Mean of the lower half minus mean of the upper half of one channel. */
    private static double rampOf(FeatureVisualization result, int channel) {
        int plane = SIDE * SIDE;
        float[] image = result.image().data();
        return mean(image, channel * plane + plane / 2, (channel + 1) * plane) - mean(image, channel * plane, channel * plane + plane / 2);
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private static double mean(float[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
