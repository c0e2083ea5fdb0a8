package dev.facet.attribution;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * RISE, Randomized Input Sampling for Explanation (Petsiuk, Das and Saenko, BMVC 2018;
 * docs/algorithms.md#rise). N binary s × s grids keep each cell with probability p; each is
 * upsampled bilinearly to {@code (s + 1)·⌈h/s⌉ × (s + 1)·⌈w/s⌉} and cropped to h × w at a random
 * shift below one cell, giving a smooth mask M. The map is
 * {@code Σᵢ f(x⊙Mᵢ)·Mᵢ / (Σᵢ Mᵢ + 1e-4)} (Xplique's normalisation). Masks come from
 * {@code context.seedFor("rise")}; the same masks explain every image. Forward passes only.
 */
public final class Rise implements Attribution {
    private static final double EPSILON = 1e-4;

    private final RiseSettings settings;

    public Rise(RiseSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        if (pixels.rank() != 4) {
            throw new InvalidDataException("RISE needs pixels (n, c, h, w), found shape " + pixels);
        }
        int n = (int) pixels.dim(0);
        int height = (int) pixels.dim(2);
        int width = (int) pixels.dim(3);
        int plane = height * width;
        MaskDesigns designs = new MaskDesigns(height, width, new SplittableRandom(context.seedFor("rise")));
        double[] weighted = new double[n * plane];
        double[] coverage = new double[n * plane];
        PerturbedForward.run(backbone, target, pixels, null, settings.masks(), settings.batchSize(), context, "rise",
                designs::mask, (image, index, mask, score) -> {
                    for (int p = 0; p < plane; p++) {
                        weighted[image * plane + p] += score * mask[p];
                        coverage[image * plane + p] += mask[p];
                    }
                });
        float[] maps = new float[n * plane];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = (float) (weighted[i] / (coverage[i] + EPSILON));
        }
        return new Tensor(new long[] {n, height, width}, maps);
    }

    /** The N random grids and shifts, drawn once; a mask is rebuilt from them when needed. */
    private final class MaskDesigns {
        private final int height;
        private final int width;
        private final int cellHeight;
        private final int cellWidth;
        private final float[][] grids;
        private final int[][] shifts;

        MaskDesigns(int height, int width, SplittableRandom random) {
            int s = settings.grid();
            this.height = height;
            this.width = width;
            this.cellHeight = (height + s - 1) / s;
            this.cellWidth = (width + s - 1) / s;
            this.grids = new float[settings.masks()][s * s];
            this.shifts = new int[settings.masks()][2];
            for (int m = 0; m < settings.masks(); m++) {
                for (int c = 0; c < s * s; c++) {
                    grids[m][c] = random.nextDouble() < settings.keep() ? 1f : 0f;
                }
                shifts[m][0] = random.nextInt(cellHeight);
                shifts[m][1] = random.nextInt(cellWidth);
            }
        }

        float[] mask(int index) {
            int s = settings.grid();
            return GridResampling.BILINEAR.crop(grids[index], s, s, (s + 1) * cellHeight, (s + 1) * cellWidth,
                    shifts[index][0], shifts[index][1], height, width);
        }
    }
}
