package dev.facet.attribution.fidelity;

import dev.facet.attribution.ImageBatches;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Deletion and insertion metrics (Petsiuk et al., "RISE: Randomized Input Sampling for Explanation
 * of Black-box Models", BMVC 2018), with the conventions of Xplique's {@code Deletion} and
 * {@code Insertion}. Pixels are ranked by decreasing attribution (ties by increasing index), all
 * channels of a pixel moving together. With {@code m = floor(h·w·max_percentage_perturbed)}, the
 * curve is read at {@code k_i = floor(i·m / steps)} perturbed pixels for {@code i = 0..steps}:
 * deletion starts from the image and replaces its top-{@code k_i} pixels by the baseline; insertion
 * starts from the baseline and puts back the image's top-{@code k_i} pixels. The area is the
 * trapezoid rule on an x axis scaled to [0, 1], {@code mean_i (f_i + f_{i+1}) / 2}, with no
 * normalisation by {@code f(x)}. A faithful map gives a low deletion area and a high insertion area.
 * See docs/algorithms.md#fidelity-metrics.
 */
public final class CausalFidelity {
    /** Which end the curve starts from. */
    public enum Mode {
        /** From the image towards the baseline; lower area is better. */
        DELETION,
        /** From the baseline towards the image; higher area is better. */
        INSERTION
    }

    private final Mode mode;
    private final CausalSettings settings;

    public CausalFidelity(Mode mode, CausalSettings settings) {
        this.mode = mode;
        this.settings = settings;
    }

    /**
     * @param backbone  the model
     * @param pixels    preprocessed images (n, c, h, w)
     * @param maps      attribution maps (n, h, w); larger means more important
     * @param objective the scalar the maps explain
     * @param context   progress and cancellation (the metric draws nothing at random)
     */
    public CausalResult evaluate(Backbone backbone, Tensor pixels, Tensor maps, Objective objective,
            RunContext context) {
        FidelityInput input = FidelityInput.of(pixels, maps);
        int pixelsPerImage = input.pixelsPerImage();
        int maxPerturbed = (int) Math.floor(pixelsPerImage * settings.maxPercentagePerturbed());
        int points = settings.steps() + 1;
        int[] counts = IntStream.range(0, points).map(i -> (int) ((long) i * maxPerturbed / settings.steps())).toArray();
        int[][] order = IntStream.range(0, input.n()).mapToObj(image -> ranking(input, image)).toArray(int[][]::new);
        float[] baselines = Baselines.of(input, settings.baseline(), settings.blurSigma());
        float[] start = mode == Mode.DELETION ? pixels.data() : baselines;
        float[] end = mode == Mode.DELETION ? baselines : pixels.data();
        int imageSize = input.imageSize();
        double[] scores = ImageBatches.scores(backbone, objective, input.channels(), input.height(), input.width(),
                input.n() * points, settings.batchSize(), context, mode.name().toLowerCase(Locale.ROOT),
                (index, into, offset) -> {
                    int image = index / points;
                    System.arraycopy(start, image * imageSize, into, offset, imageSize);
                    for (int r = 0; r < counts[index % points]; r++) {
                        int pixel = order[image][r];
                        for (int c = 0; c < input.channels(); c++) {
                            int at = c * pixelsPerImage + pixel;
                            into[offset + at] = end[image * imageSize + at];
                        }
                    }
                });
        double[][] curves = new double[input.n()][];
        double[] auc = new double[input.n()];
        for (int image = 0; image < input.n(); image++) {
            curves[image] = Arrays.copyOfRange(scores, image * points, (image + 1) * points);
            auc[image] = trapezoid(curves[image]);
        }
        return new CausalResult(counts, curves, auc);
    }

    private static int[] ranking(FidelityInput input, int image) {
        return IntStream.range(0, input.pixelsPerImage()).boxed()
                .sorted(Comparator.comparingDouble((Integer p) -> -input.map(image, p)))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Trapezoid rule on evenly spaced points over [0, 1]. */
    static double trapezoid(double[] curve) {
        double sum = 0;
        for (int i = 0; i + 1 < curve.length; i++) {
            sum += (curve[i] + curve[i + 1]) / 2;
        }
        return sum / (curve.length - 1);
    }
}
