package dev.facet.attribution.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FidelityMetricsTest {
    private static final Objective SCORE = Objective.channel("score", 0);
    private static final int SIDE = 8;

    private static RunContext context(long seed) {
        return RunContext.builder().setOutputDirectory(Path.of("target")).optSeed(seed).build();
    }

    private static CausalSettings causal(int steps, float baseline, double blur, int batch) {
        return new CausalSettings(steps, 1.0, baseline, blur, batch);
    }

    /** A backbone on 8x8 gray images that only reads the top-left 4x4 region. */
    private static LinearBackbone regionBackbone() {
        float[] weights = new float[SIDE * SIDE];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                weights[y * SIDE + x] = 1;
            }
        }
        return new LinearBackbone(1, SIDE, weights);
    }

    /** Maps of 1 + noise on the 4x4 square at (top, left), small noise elsewhere. */
    private static Tensor squareMaps(int n, int top, int left, Random random) {
        Tensor maps = Tensor.zeros(n, SIDE, SIDE);
        for (int i = 0; i < maps.size(); i++) {
            int y = i / SIDE % SIDE;
            int x = i % SIDE;
            boolean inside = y >= top && y < top + 4 && x >= left && x < left + 4;
            maps.data()[i] = (inside ? 1 : 0) + 0.1f * random.nextFloat();
        }
        return maps;
    }

    private static Tensor uniform(Random random, float low, float high, long... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = low + (high - low) * random.nextFloat();
        }
        return t;
    }

    @Test
    void aMapOnTheRegionTheObjectiveReadsScoresBetterThanOffTargetAndRandomMaps() {
        Random random = new Random(7);
        Tensor pixels = uniform(random, 0.5f, 1.5f, 4, 1, SIDE, SIDE);
        Tensor onTarget = squareMaps(4, 0, 0, random);
        Tensor elsewhere = squareMaps(4, 4, 4, random);
        Tensor noise = uniform(random, 0, 1, 4, SIDE, SIDE);
        LinearBackbone backbone = regionBackbone();
        CausalFidelity deletion = new CausalFidelity(CausalFidelity.Mode.DELETION, CausalSettings.defaults());
        CausalFidelity insertion = new CausalFidelity(CausalFidelity.Mode.INSERTION, CausalSettings.defaults());
        MuFidelity mu = new MuFidelity(new MuFidelitySettings(4, 0.2, 0f, 200, 64));
        double[] del = new double[3];
        double[] ins = new double[3];
        double[] fid = new double[3];
        List<Tensor> maps = List.of(onTarget, elsewhere, noise);
        for (int m = 0; m < 3; m++) {
            del[m] = deletion.evaluate(backbone, pixels, maps.get(m), SCORE, context(1)).meanAuc();
            ins[m] = insertion.evaluate(backbone, pixels, maps.get(m), SCORE, context(1)).meanAuc();
            fid[m] = mu.evaluate(backbone, pixels, maps.get(m), SCORE, context(1)).mean();
        }
        String all = "deletion " + Arrays.toString(del) + " insertion " + Arrays.toString(ins)
                + " mu " + Arrays.toString(fid);
        // Seed 7 gives deletion 2.3 / 10.7 / 8.7, insertion 14.2 / 5.8 / 7.8, MuFidelity 0.99 / 0.06 / 0.44.
        assertTrue(del[0] + 3 < Math.min(del[1], del[2]), all);
        assertTrue(ins[0] > Math.max(ins[1], ins[2]) + 3, all);
        assertTrue(fid[0] > 0.5 && fid[0] > fid[1] + 0.3 && fid[0] > fid[2] + 0.3, all);
    }

    /**
     * Objective = sum of the pixels of a 2x2 image x = [[1, 2], [3, 4]], map = x, baseline 0. Pixels
     * leave (deletion) or enter (insertion) in the order 4, 3, 2, 1. With numpy, as Xplique does:
     * {@code ks = np.linspace(0, 4, steps + 1, dtype=np.int32)}, curve f(k) and
     * {@code np.mean(f[:-1] + f[1:]) * 0.5}:
     * steps = 4: ks = 0..4, deletion 10, 6, 3, 1, 0 → 3.75; insertion 0, 4, 7, 9, 10 → 6.25.
     * steps = 10: ks = 0 0 0 1 1 2 2 2 3 3 4, deletion 10 10 10 6 6 3 3 3 1 1 0 → 4.8; insertion → 5.2.
     */
    @Test
    void areasFollowXpliquesTrapezoidOnAHandCheckedCase() {
        Tensor pixels = new Tensor(new long[] {1, 1, 2, 2}, new float[] {1, 2, 3, 4});
        Tensor maps = pixels.reshape(1, 2, 2);
        LinearBackbone backbone = new LinearBackbone(1, 2, new float[] {1, 1, 1, 1});
        CausalResult del4 = new CausalFidelity(CausalFidelity.Mode.DELETION, causal(4, 0f, 0, 64))
                .evaluate(backbone, pixels, maps, SCORE, context(1));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, del4.perturbedPixels());
        assertArrayEquals(new double[] {10, 6, 3, 1, 0}, del4.curves()[0], 1e-9);
        assertEquals(3.75, del4.meanAuc(), 1e-9);
        CausalResult ins4 = new CausalFidelity(CausalFidelity.Mode.INSERTION, causal(4, 0f, 0, 64))
                .evaluate(backbone, pixels, maps, SCORE, context(1));
        assertArrayEquals(new double[] {0, 4, 7, 9, 10}, ins4.curves()[0], 1e-9);
        assertEquals(6.25, ins4.meanAuc(), 1e-9);
        CausalResult del10 = new CausalFidelity(CausalFidelity.Mode.DELETION, CausalSettings.defaults())
                .evaluate(backbone, pixels, maps, SCORE, context(1));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4}, del10.perturbedPixels());
        assertEquals(4.8, del10.meanAuc(), 1e-9);
        assertEquals(5.2, new CausalFidelity(CausalFidelity.Mode.INSERTION, CausalSettings.defaults())
                .evaluate(backbone, pixels, maps, SCORE, context(1)).meanAuc(), 1e-9);
        // Insertion into the blurred image starts at f(blur(x)) and ends at f(x).
        double[] blurredCurve = new CausalFidelity(CausalFidelity.Mode.INSERTION, causal(4, 0f, 0.8, 64))
                .evaluate(backbone, pixels, maps, SCORE, context(1)).curves()[0];
        float[] blurred = Baselines.of(FidelityInput.of(pixels, maps), 0f, 0.8);
        // Replicated borders keep this linear ramp's sum, but smooth its values towards 2.5.
        assertTrue(blurred[0] > 1.1 && blurred[3] < 3.9, Arrays.toString(blurred));
        assertEquals(10, blurredCurve[0], 1e-5);
        // After the brightest pixel goes back: 10 - blur(x)[3] + 4.
        assertEquals(14 - blurred[3], blurredCurve[1], 1e-5);
        assertEquals(10, blurredCurve[4], 1e-9);
        // Half the pixels at most: m = 2, ks = 0, 1, 2 → deletion 10, 6, 3 → (8 + 4.5) / 2.
        assertEquals(6.25, new CausalFidelity(CausalFidelity.Mode.DELETION, new CausalSettings(2, 0.5, 0f, 0, 64))
                .evaluate(backbone, pixels, maps, SCORE, context(1)).meanAuc(), 1e-9);
    }

    @Test
    void muFidelityOfALinearObjectiveExplainedByWeightsTimesInputIsOne() {
        Random random = new Random(3);
        int channels = 2;
        int side = 6;
        Tensor weights = uniform(random, -1, 1, channels, side, side);
        Tensor pixels = uniform(random, -1, 1, 3, channels, side, side);
        Tensor maps = Tensor.zeros(3, side, side);
        for (int image = 0; image < 3; image++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < side * side; p++) {
                    maps.data()[image * side * side + p] += weights.data()[c * side * side + p]
                            * pixels.data()[(image * channels + c) * side * side + p];
                }
            }
        }
        LinearBackbone backbone = new LinearBackbone(channels, side, weights.data());
        for (int grid : new int[] {3, side}) {
            MuFidelityResult result = new MuFidelity(new MuFidelitySettings(grid, 0.2, 0f, 50, 64))
                    .evaluate(backbone, pixels, maps, SCORE, context(5));
            for (double correlation : result.correlations()) {
                assertEquals(1.0, correlation, 1e-6, "grid " + grid);
            }
        }
    }

    @Test
    void perturbedImagesOfAllImagesAndStepsRunInFullBatches() {
        Random random = new Random(11);
        Tensor pixels = uniform(random, 0, 1, 3, 1, SIDE, SIDE);
        Tensor maps = uniform(random, 0, 1, 3, SIDE, SIDE);
        LinearBackbone backbone = regionBackbone();
        CausalResult batched = new CausalFidelity(CausalFidelity.Mode.DELETION, causal(4, 0f, 0, 4))
                .evaluate(backbone, pixels, maps, SCORE, context(1));
        // 3 images x 5 points = 15 perturbed images.
        assertEquals(List.of(4, 4, 4, 3), backbone.batchSizes);
        backbone.batchSizes.clear();
        CausalResult single = new CausalFidelity(CausalFidelity.Mode.DELETION, causal(4, 0f, 0, 1))
                .evaluate(backbone, pixels, maps, SCORE, context(1));
        assertEquals(15, backbone.batchSizes.size());
        assertArrayEquals(single.auc(), batched.auc(), 0);

        backbone.batchSizes.clear();
        MuFidelityResult mu = new MuFidelity(new MuFidelitySettings(4, 0.2, 0f, 10, 8))
                .evaluate(backbone, pixels, maps, SCORE, context(9));
        // The 3 originals, then 3 images x 10 subsets = 30 perturbed images.
        assertEquals(List.of(3, 8, 8, 8, 6), backbone.batchSizes);
        MuFidelityResult again = new MuFidelity(new MuFidelitySettings(4, 0.2, 0f, 10, 64))
                .evaluate(backbone, pixels, maps, SCORE, context(9));
        assertArrayEquals(mu.correlations(), again.correlations(), 0);
        MuFidelityResult otherSeed = new MuFidelity(new MuFidelitySettings(4, 0.2, 0f, 10, 64))
                .evaluate(backbone, pixels, maps, SCORE, context(10));
        assertNotEquals(mu.correlations()[0], otherSeed.correlations()[0]);
    }

    @Test
    void refusesBadInputNamingTheArgument() {
        LinearBackbone backbone = regionBackbone();
        CausalFidelity deletion = new CausalFidelity(CausalFidelity.Mode.DELETION, CausalSettings.defaults());
        MuFidelity mu = new MuFidelity(MuFidelitySettings.defaults());
        Tensor pixels = Tensor.zeros(2, 1, SIDE, SIDE);
        String shape = assertThrows(InvalidDataException.class,
                () -> deletion.evaluate(backbone, pixels, Tensor.zeros(2, SIDE, 4), SCORE, context(1))).getMessage();
        assertTrue(shape.startsWith("maps has shape [2, 8, 4], expected [2, 8, 8]"), shape);
        Tensor nan = Tensor.zeros(2, SIDE, SIDE);
        nan.data()[70] = Float.NaN;
        String notFinite = assertThrows(InvalidDataException.class,
                () -> mu.evaluate(backbone, pixels, nan, SCORE, context(1))).getMessage();
        assertEquals("maps holds NaN at index [1, 0, 6]", notFinite);
        String rank = assertThrows(InvalidDataException.class, () -> deletion.evaluate(backbone,
                Tensor.zeros(SIDE, SIDE), Tensor.zeros(1, SIDE, SIDE), SCORE, context(1))).getMessage();
        assertTrue(rank.startsWith("pixels must have shape (n, c, h, w)"), rank);
        // The default 9x9 grid does not fit an 8x8 image.
        String grid = assertThrows(InvalidDataException.class,
                () -> mu.evaluate(backbone, pixels, Tensor.zeros(2, SIDE, SIDE), SCORE, context(1))).getMessage();
        assertTrue(grid.contains("grid_size 9 exceeds the image size 8x8"), grid);
        assertThrows(ConfigException.class, () -> CausalSettings.from(
                ConfigValues.of("test", Map.of("max_percentage_perturbed", 0.0))));
        assertThrows(ConfigException.class, () -> new MuFidelitySettings(4, 1.5, 0f, 10, 1));
    }

    @Test
    void theBlurredBaselineOfAConstantImageIsThatImage() {
        Tensor pixels = Tensor.zeros(1, 2, 5, 5);
        Arrays.fill(pixels.data(), 0.75f);
        float[] blurred = Baselines.of(FidelityInput.of(pixels, Tensor.zeros(1, 5, 5)), 0f, 1.5);
        for (float value : blurred) {
            assertEquals(0.75f, value, 1e-6);
        }
        // A single bright pixel spreads into a symmetric, mass-preserving blob away from the borders.
        Tensor dot = Tensor.zeros(1, 1, 9, 9);
        dot.data()[40] = 1;
        float[] blob = Baselines.of(FidelityInput.of(dot, Tensor.zeros(1, 9, 9)), 0f, 1.0);
        double mass = 0;
        for (float value : blob) {
            mass += value;
        }
        assertEquals(1.0, mass, 1e-5);
        assertEquals(blob[39], blob[41], 1e-7);
        assertEquals(blob[31], blob[49], 1e-7);
        assertTrue(blob[40] > blob[39] && blob[39] > blob[38]);
    }
}
