package dev.facet.attribution;

import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * SmoothGrad (Smilkov et al. 2017) and VarGrad (Adebayo et al. 2018;
 * docs/algorithms.md#smoothgrad-and-vargrad): the mean, or the variance, of ∂f/∂x over n copies
 * {@code x + N(0, σ²)}, σ = noise·(max x − min x) per image; the map is the largest {@code |·|}
 * over channels. Noise comes from {@code context.seedFor("smoothgrad")}, drawn copy by copy in
 * image-major order, so it does not depend on the batch size. Needs input gradients.
 */
public final class SmoothGrad implements Attribution {
    static final String ID = "smoothgrad";

    private final SmoothGradSettings settings;

    public SmoothGrad(SmoothGradSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        DifferentiableBackbone model = GradientBatches.require(backbone, ID);
        GradientBatches.requireImages(pixels, ID);
        int n = (int) pixels.dim(0);
        int imageSize = pixels.size() / n;
        float[] x = pixels.data();
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int p = i * imageSize; p < (i + 1) * imageSize; p++) {
                min = Math.min(min, x[p]);
                max = Math.max(max, x[p]);
            }
            sigma[i] = settings.noise() * (max - min);
        }
        SplittableRandom random = new SplittableRandom(context.seedFor(ID));
        double[] sum = new double[pixels.size()];
        double[] squares = new double[pixels.size()];
        GradientBatches.run(model, target, pixels, settings.samples(), settings.batchSize(), context, ID,
                (image, index, out, offset) -> {
                    for (int i = 0; i < imageSize; i++) {
                        out[offset + i] = (float) (x[image * imageSize + i] + sigma[image] * random.nextGaussian());
                    }
                },
                (image, index, grad, offset) -> {
                    for (int i = 0; i < imageSize; i++) {
                        double g = grad[offset + i];
                        sum[image * imageSize + i] += g;
                        squares[image * imageSize + i] += g * g;
                    }
                });
        int samples = settings.samples();
        double[] statistic = new double[pixels.size()];
        for (int at = 0; at < statistic.length; at++) {
            double mean = sum[at] / samples;
            statistic[at] = settings.statistic() == SmoothGradSettings.Statistic.MEAN
                    ? mean : Math.max(0, squares[at] / samples - mean * mean);
        }
        return GradientBatches.maxAbsOverChannels(statistic, pixels);
    }
}
