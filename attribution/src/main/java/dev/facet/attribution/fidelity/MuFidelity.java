package dev.facet.attribution.fidelity;

import dev.facet.attribution.ImageBatches;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * MuFidelity (Bhatt et al., "Evaluating and Aggregating Feature-based Model Explanations", IJCAI
 * 2020, def. 3): the correlation, over random subsets S, between {@code Σ_{i∈S} g_i} (the map summed
 * over S) and {@code f(x) − f(x with S set to the baseline)}. Following Xplique's {@code MuFidelity},
 * S is a union of cells of a {@code grid_size × grid_size} grid, each removed independently with
 * probability {@code subset_percent} and upsampled to the image by nearest neighbour (cell
 * {@code floor((y + 0.5)·grid/h)}), all channels of a pixel removed together, and a constant side
 * counts as correlation 0. The correlation is Pearson's, as in the paper (Xplique uses Spearman's).
 * Subsets are drawn per image from {@code context.seedFor("mu_fidelity")}, so the scores do not depend
 * on the batch size. See docs/algorithms.md#fidelity-metrics.
 */
public final class MuFidelity {
    private final MuFidelitySettings settings;

    public MuFidelity(MuFidelitySettings settings) {
        this.settings = settings;
    }

    /**
     * @param backbone  the model
     * @param pixels    preprocessed images (n, c, h, w)
     * @param maps      attribution maps (n, h, w)
     * @param objective the scalar the maps explain
     * @param context   seed, progress and cancellation
     */
    public MuFidelityResult evaluate(Backbone backbone, Tensor pixels, Tensor maps, Objective objective,
            RunContext context) {
        FidelityInput input = FidelityInput.of(pixels, maps);
        int grid = settings.gridSize();
        if (grid > input.height() || grid > input.width()) {
            throw new InvalidDataException("MuFidelity grid_size " + grid + " exceeds the image size "
                    + input.height() + "x" + input.width());
        }
        int samples = settings.samples();
        boolean[][] removed = drawSubsets(input.n() * samples, grid * grid, context.seedFor("mu_fidelity"));
        int[] cellOf = cells(input, grid);
        double[] original = ImageBatches.scores(backbone, objective, input.channels(), input.height(), input.width(),
                input.n(), settings.batchSize(), context, "mu_fidelity", input::copyImage);
        double[] perturbed = ImageBatches.scores(backbone, objective, input.channels(), input.height(), input.width(),
                input.n() * samples, settings.batchSize(), context, "mu_fidelity", (index, into, offset) -> {
            input.copyImage(index / samples, into, offset);
            for (int p = 0; p < cellOf.length; p++) {
                if (removed[index][cellOf[p]]) {
                    for (int c = 0; c < input.channels(); c++) {
                        into[offset + c * cellOf.length + p] = settings.baseline();
                    }
                }
            }
        });
        double[] correlations = new double[input.n()];
        for (int image = 0; image < input.n(); image++) {
            double[] attributed = new double[samples];
            double[] drops = new double[samples];
            for (int s = 0; s < samples; s++) {
                boolean[] subset = removed[image * samples + s];
                for (int p = 0; p < cellOf.length; p++) {
                    if (subset[cellOf[p]]) {
                        attributed[s] += input.map(image, p);
                    }
                }
                drops[s] = original[image] - perturbed[image * samples + s];
            }
            correlations[image] = pearson(attributed, drops);
        }
        return new MuFidelityResult(correlations);
    }

    private boolean[][] drawSubsets(int count, int cells, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[][] removed = new boolean[count][cells];
        for (boolean[] subset : removed) {
            for (int cell = 0; cell < cells; cell++) {
                subset[cell] = random.nextDouble() < settings.subsetPercent();
            }
        }
        return removed;
    }

    /** The grid cell of each pixel under nearest-neighbour upsampling with half-pixel centres. */
    private static int[] cells(FidelityInput input, int grid) {
        int[] cellOf = new int[input.pixelsPerImage()];
        for (int y = 0; y < input.height(); y++) {
            int row = Math.min(grid - 1, (int) Math.floor((y + 0.5) * grid / input.height()));
            for (int x = 0; x < input.width(); x++) {
                int column = Math.min(grid - 1, (int) Math.floor((x + 0.5) * grid / input.width()));
                cellOf[y * input.width() + x] = row * grid + column;
            }
        }
        return cellOf;
    }

    /** Pearson's correlation, 0 when either side is constant. */
    static double pearson(double[] a, double[] b) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i] / a.length;
            meanB += b[i] / b.length;
        }
        double covariance = 0;
        double varianceA = 0;
        double varianceB = 0;
        for (int i = 0; i < a.length; i++) {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        double denominator = Math.sqrt(varianceA * varianceB);
        return denominator > 0 ? covariance / denominator : 0;
    }
}
