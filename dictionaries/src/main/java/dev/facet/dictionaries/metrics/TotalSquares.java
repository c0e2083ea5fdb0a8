package dev.facet.dictionaries.metrics;

import dev.facet.spi.tensor.FloatMatrix;

/**
 * Σ‖x − μ‖² (μ the per-feature mean of all rows seen) and Σ‖x‖², accumulated batch by batch in
 * O(d) memory: the denominator of R² ({@link Reconstruction#r2}). Each batch's own sum of squares
 * about its mean is merged with the pairwise update of Chan, Golub and LeVeque (1979), so the
 * result equals the two-pass {@link Reconstruction#totalSquares} up to rounding.
 */
public final class TotalSquares {

    private final int dim;
    private final double[] mean;
    private final double[] m2;
    private long rows;
    private double squaredNorm;

    /** @param dim the width d of the rows */
    public TotalSquares(int dim) {
        this.dim = dim;
        this.mean = new double[dim];
        this.m2 = new double[dim];
    }

    /** Adds the rows of {@code x} (b × d). */
    public void add(FloatMatrix x) {
        x.requireCols("Rows of the total squares", dim);
        int b = x.rows();
        if (b == 0) {
            return;
        }
        float[] xs = x.data();
        double[] batchMean = new double[dim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < dim; j++) {
                double v = xs[i * dim + j];
                batchMean[j] += v;
                squaredNorm += v * v;
            }
        }
        for (int j = 0; j < dim; j++) {
            batchMean[j] /= b;
        }
        double[] batchM2 = new double[dim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < dim; j++) {
                double e = xs[i * dim + j] - batchMean[j];
                batchM2[j] += e * e;
            }
        }
        long total = rows + b;
        for (int j = 0; j < dim; j++) {
            double delta = batchMean[j] - mean[j];
            m2[j] += batchM2[j] + delta * delta * ((double) rows * b / total);
            mean[j] += delta * b / total;
        }
        rows = total;
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** Σ‖x − μ‖² over the rows added so far. */
    public double totalSquares() {
        double total = 0;
        for (double v : m2) {
            total += v;
        }
        return total;
    }

    /** R² = 1 − squaredError/Σ‖x − μ‖² of a reconstruction of the rows added so far (see {@link Reconstruction#r2}). */
    public double r2(double squaredError) {
        return Reconstruction.r2(squaredError, totalSquares());
    }

    /** Σ‖x‖² over the rows added so far. */
    public double squaredNorm() {
        return squaredNorm;
    }
}
