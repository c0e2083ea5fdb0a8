package dev.facet.dictionaries.sae.train;

import dev.facet.spi.tensor.FloatMatrix;

/**
 * Streaming R² = 1 − Σ‖x − x̂‖² / Σ‖x − μ‖² with μ the per-feature mean over every row seen,
 * numerator and denominator accumulated separately (docs/algorithms.md#reconstruction-metrics).
 */
public final class ReconstructionStats {

    private final double[] sum;
    private final double[] sumSquares;
    private long rows;
    private double squaredError;

    public ReconstructionStats(int dim) {
        this.sum = new double[dim];
        this.sumSquares = new double[dim];
    }

    /** Restores saved totals. */
    public ReconstructionStats(double[] sum, double[] sumSquares, long rows, double squaredError) {
        this.sum = sum.clone();
        this.sumSquares = sumSquares.clone();
        this.rows = rows;
        this.squaredError = squaredError;
    }

    public double[] sum() {
        return sum.clone();
    }

    public double[] sumSquares() {
        return sumSquares.clone();
    }

    public double squaredError() {
        return squaredError;
    }

    /** Adds the inputs of one batch and the squared error of its reconstruction. */
    public void add(FloatMatrix inputs, double batchSquaredError) {
        int d = inputs.cols();
        float[] data = inputs.data();
        for (int i = 0; i < inputs.rows(); i++) {
            for (int j = 0; j < d; j++) {
                double v = data[i * d + j];
                sum[j] += v;
                sumSquares[j] += v * v;
            }
        }
        rows += inputs.rows();
        squaredError += batchSquaredError;
    }

    public double r2() {
        double total = 0;
        for (int j = 0; j < sum.length; j++) {
            total += sumSquares[j] - sum[j] * sum[j] / Math.max(1, rows);
        }
        return total > 0 ? 1 - squaredError / total : (squaredError == 0 ? 1 : Double.NEGATIVE_INFINITY);
    }

    public long rows() {
        return rows;
    }
}
