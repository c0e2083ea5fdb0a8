package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.Serializable;

/**
 * Σ‖x − μ‖² (μ the per-feature mean of all rows seen) and Σ‖x‖², accumulated batch by batch in
 * O(d) memory: the denominator of R² ({@link Reconstruction#r2}). Each batch's own sum of squares
 * about its mean is merged with the pairwise update of Chan, Golub and LeVeque (1979), so the
 * result equals the two-pass {@link Reconstruction#totalSquares} up to rounding. Two accumulations over
 * parts of the rows {@link #merge} with the same update, so a pass split across workers reduces to the
 * same sums up to rounding.
 */
public final class TotalSquares implements Serializable {

    private static final long serialVersionUID = 1L;

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
        combine(b, batchMean, batchM2);
    }

    /**
     * Adds the rows another accumulation saw (Chan et al.'s pairwise update), as if they followed the rows
     * added here.
     *
     * @throws InvalidDataException when {@code other} accumulates rows of another width
     */
    public void merge(TotalSquares other) {
        if (other.dim != dim) {
            throw new InvalidDataException("Cannot merge total squares of rows of width " + other.dim + " into rows of"
                    + " width " + dim);
        }
        if (other.rows == 0) {
            return;
        }
        squaredNorm += other.squaredNorm;
        combine(other.rows, other.mean, other.m2);
    }

    /** Merges {@code count} rows of per-feature mean {@code otherMean} and sums of squares {@code otherM2}. */
    private void combine(long count, double[] otherMean, double[] otherM2) {
        long total = rows + count;
        for (int j = 0; j < dim; j++) {
            double delta = otherMean[j] - mean[j];
            m2[j] += otherM2[j] + delta * delta * ((double) rows * count / total);
            mean[j] += delta * count / total;
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
