package dev.facet.attribution;

import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integrated gradients (Sundararajan, Taly and Yan, ICML 2017; docs/algorithms.md#integrated-gradients):
 * {@code IG = (x − x′)·Σₖ wₖ ∂f/∂x(x′ + αₖ(x − x′))} with Gauss–Legendre or trapezoid nodes, the
 * map summing IG over channels. Completeness says {@code Σ IG = f(x) − f(x′)}; the gap
 * {@code δ = Σ IG − (f(x) − f(x′))} of every image is returned by {@link #attribute} and logged at
 * INFO by {@link #explain}. Needs input gradients.
 */
public final class IntegratedGradients implements Attribution {
    static final String ID = "integrated-gradients";
    private static final Logger LOG = LoggerFactory.getLogger(IntegratedGradients.class);

    private final IntegratedGradientsSettings settings;

    public IntegratedGradients(IntegratedGradientsSettings settings) {
        this.settings = settings;
    }

    /**
     * @param maps            (n, h, w), IG summed over channels
     * @param completenessGap per image, {@code Σ IG − (f(x) − f(x′))}
     * @param scoreChange     per image, {@code f(x) − f(x′)}
     */
    public record Result(Tensor maps, double[] completenessGap, double[] scoreChange) {
    }

    @Override
    public Tensor explain(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        Result result = attribute(backbone, pixels, target, context);
        LOG.info("integrated gradients: completeness gap Σ IG − (f(x) − f(x′)) per image {} for f(x) − f(x′) {}",
                Arrays.toString(result.completenessGap()), Arrays.toString(result.scoreChange()));
        return result.maps();
    }

    /** The maps with the completeness gap of every image. */
    public Result attribute(Backbone backbone, Tensor pixels, Objective target, RunContext context) {
        DifferentiableBackbone model = GradientBatches.require(backbone, ID);
        GradientBatches.requireImages(pixels, ID);
        int n = (int) pixels.dim(0);
        int imageSize = pixels.size() / n;
        Tensor baselines = baselines(pixels);
        float[] x = pixels.data();
        float[] base = baselines.data();
        double[][] rule = rule();
        double[] integral = new double[pixels.size()];
        GradientBatches.run(model, target, pixels, settings.steps(), settings.batchSize(), context, ID,
                (image, k, out, offset) -> {
                    float alpha = (float) rule[0][k];
                    for (int i = 0; i < imageSize; i++) {
                        int at = image * imageSize + i;
                        out[offset + i] = base[at] + alpha * (x[at] - base[at]);
                    }
                },
                (image, k, grad, offset) -> {
                    for (int i = 0; i < imageSize; i++) {
                        integral[image * imageSize + i] += rule[1][k] * grad[offset + i];
                    }
                });
        double[] total = new double[n];
        for (int at = 0; at < integral.length; at++) {
            integral[at] *= x[at] - base[at];
            total[at / imageSize] += integral[at];
        }
        double[] atInput = GradientBatches.scores(backbone, target, pixels, settings.batchSize(), context, ID);
        double[] atBaseline = GradientBatches.scores(backbone, target, baselines, settings.batchSize(), context, ID);
        double[] change = new double[n];
        double[] gap = new double[n];
        for (int i = 0; i < n; i++) {
            change[i] = atInput[i] - atBaseline[i];
            gap[i] = total[i] - change[i];
        }
        return new Result(GradientBatches.sumOverChannels(integral, pixels), gap, change);
    }

    private Tensor baselines(Tensor pixels) {
        if (settings.baseline() == IntegratedGradientsSettings.Baseline.ZERO) {
            return Tensor.zeros(pixels.shape());
        }
        int n = (int) pixels.dim(0);
        int channels = (int) pixels.dim(1);
        int height = (int) pixels.dim(2);
        int width = (int) pixels.dim(3);
        int imageSize = channels * height * width;
        float[] blurred = new float[pixels.size()];
        for (int i = 0; i < n; i++) {
            float[] image = GaussianBlur.blur(pixels.data(), i * imageSize, channels, height, width, settings.blurSigma());
            System.arraycopy(image, 0, blurred, i * imageSize, imageSize);
        }
        return new Tensor(pixels.shape(), blurred);
    }

    /** Nodes {@code [0]} in [0, 1] and weights {@code [1]} summing to 1. */
    private double[][] rule() {
        int m = settings.steps();
        double[][] rule = new double[2][m];
        if (settings.quadrature() == IntegratedGradientsSettings.Quadrature.GAUSS_LEGENDRE) {
            GaussIntegrator legendre = new GaussIntegratorFactory().legendre(m);
            for (int k = 0; k < m; k++) {
                rule[0][k] = (1 + legendre.getPoint(k)) / 2;
                rule[1][k] = legendre.getWeight(k) / 2;
            }
        } else {
            for (int k = 0; k < m; k++) {
                rule[0][k] = (double) k / (m - 1);
                rule[1][k] = (k == 0 || k == m - 1 ? 0.5 : 1.0) / (m - 1);
            }
        }
        return rule;
    }
}
