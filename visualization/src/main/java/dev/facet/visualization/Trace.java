package dev.facet.visualization;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.tensor.Tensor;

/**
 * What a feature visualization records while it optimises: the objective per step and the transparency
 * map of MACO (Fel et al. 2023), the sum over steps of |∂loss/∂image|, reduced to the mean over channels.
 */
final class Trace {
    private final String method;
    private final int channels;
    private final int height;
    private final int width;
    private final double[] trajectory;
    private final double[] absoluteGradient;

    Trace(String method, int steps, int channels, int height, int width) {
        this.method = method;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.trajectory = new double[steps];
        this.absoluteGradient = new double[channels * height * width];
    }

    /**
     * Records step {@code step}: the objective of each of its crops or copies and ∂loss/∂image (c, h, w).
     *
     * @return the step's mean objective
     * @throws InvalidDataException naming the step when the objective is not finite
     */
    double record(int step, double[] scores, float[] imageGradient) {
        double sum = 0;
        for (double score : scores) {
            sum += score;
        }
        double mean = sum / scores.length;
        if (!Double.isFinite(mean)) {
            throw new InvalidDataException(method + ": the objective is " + mean + " at step " + step);
        }
        trajectory[step] = mean;
        for (int i = 0; i < absoluteGradient.length; i++) {
            absoluteGradient[i] += Math.abs(imageGradient[i]);
        }
        return mean;
    }

    /** The result for the final {@code image} (c, h, w) in {@code order} and its {@code score}. */
    FeatureVisualization finish(float[] image, double score, ChannelOrder order) {
        int plane = height * width;
        float[] transparency = new float[plane];
        for (int p = 0; p < plane; p++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += absoluteGradient[c * plane + p];
            }
            transparency[p] = (float) (sum / channels);
        }
        return new FeatureVisualization(new Tensor(new long[] {channels, height, width}, image),
                new Tensor(new long[] {height, width}, transparency), trajectory, score, order);
    }
}
