package dev.facet.dictionaries.sae.train;

import dev.facet.spi.tensor.FloatMatrix;

/**
 * The geometric median of a set of rows by Weiszfeld's algorithm (Weiszfeld 1937), starting from
 * the mean: y ← Σ wᵢxᵢ / Σ wᵢ with wᵢ = 1/max(‖xᵢ − y‖, 1e-8), until the step is below
 * {@code 1e-6·(1 + ‖y‖)} or {@code iterations} are done.
 */
public final class GeometricMedian {

    private GeometricMedian() {
    }

    public static float[] of(FloatMatrix rows, int iterations) {
        int n = rows.rows();
        int d = rows.cols();
        float[] data = rows.data();
        double[] y = mean(rows);
        double[] next = new double[d];
        for (int iteration = 0; iteration < iterations; iteration++) {
            java.util.Arrays.fill(next, 0);
            double weights = 0;
            for (int i = 0; i < n; i++) {
                double distance = 0;
                for (int j = 0; j < d; j++) {
                    double diff = data[i * d + j] - y[j];
                    distance += diff * diff;
                }
                double w = 1 / Math.max(Math.sqrt(distance), 1e-8);
                weights += w;
                for (int j = 0; j < d; j++) {
                    next[j] += w * data[i * d + j];
                }
            }
            double step = 0;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double value = next[j] / weights;
                step += (value - y[j]) * (value - y[j]);
                norm += value * value;
                y[j] = value;
            }
            if (Math.sqrt(step) < 1e-6 * (1 + Math.sqrt(norm))) {
                break;
            }
        }
        return toFloats(y);
    }

    /** The per-column mean. */
    public static double[] mean(FloatMatrix rows) {
        int d = rows.cols();
        double[] mean = new double[d];
        for (int i = 0; i < rows.rows(); i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += rows.data()[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= Math.max(1, rows.rows());
        }
        return mean;
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
