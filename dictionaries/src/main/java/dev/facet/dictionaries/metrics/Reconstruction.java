package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * Reconstruction errors of X̂ against X, both n × d (docs/algorithms.md#reconstruction-metrics): the
 * mean per-row l2 and l1 error, the same relative to each row's norm, and R² (explained variance) with
 * the <b>per-feature</b> mean: R² = 1 − Σ‖x − x̂‖² / Σ‖x − μ‖², μ the column means of X, numerator and
 * denominator summed separately over all rows and features. This deliberately differs from the Python
 * {@code r2_score} defect, which centres with one scalar mean of all entries. FVU = 1 − R². {@link
 * StreamingEvaluator} computes the same R² batch by batch.
 */
public final class Reconstruction {

    /** Added to a row norm in the relative losses, as in {@code overcomplete}. */
    public static final double EPSILON = 1e-6;

    private Reconstruction() {
    }

    /** Mean over rows of ‖x − x̂‖₂. */
    public static double avgL2Loss(FloatMatrix x, FloatMatrix xHat) {
        check(x, xHat);
        double sum = 0;
        int d = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double e = (double) x.data()[i * d + j] - xHat.data()[i * d + j];
                s += e * e;
            }
            sum += Math.sqrt(s);
        }
        return sum / x.rows();
    }

    /** Mean over rows of ‖x − x̂‖₁. */
    public static double avgL1Loss(FloatMatrix x, FloatMatrix xHat) {
        check(x, xHat);
        double sum = 0;
        int d = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                sum += Math.abs((double) x.data()[i * d + j] - xHat.data()[i * d + j]);
            }
        }
        return sum / x.rows();
    }

    /** Mean over rows of ‖x − x̂‖₂ / (‖x‖₂ + {@link #EPSILON}). */
    public static double relativeAvgL2Loss(FloatMatrix x, FloatMatrix xHat) {
        check(x, xHat);
        double sum = 0;
        int d = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            double err = 0;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double v = x.data()[i * d + j];
                double e = v - xHat.data()[i * d + j];
                err += e * e;
                norm += v * v;
            }
            sum += Math.sqrt(err) / (Math.sqrt(norm) + EPSILON);
        }
        return sum / x.rows();
    }

    /** Mean over rows of ‖x − x̂‖₁ / (‖x‖₁ + {@link #EPSILON}). */
    public static double relativeAvgL1Loss(FloatMatrix x, FloatMatrix xHat) {
        check(x, xHat);
        double sum = 0;
        int d = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            double err = 0;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double v = x.data()[i * d + j];
                err += Math.abs(v - xHat.data()[i * d + j]);
                norm += Math.abs(v);
            }
            sum += err / (norm + EPSILON);
        }
        return sum / x.rows();
    }

    /** Σ‖x − x̂‖² over all rows. */
    public static double squaredError(FloatMatrix x, FloatMatrix xHat) {
        check(x, xHat);
        double s = 0;
        for (int i = 0; i < x.data().length; i++) {
            double e = (double) x.data()[i] - xHat.data()[i];
            s += e * e;
        }
        return s;
    }

    /** Σ‖x − μ‖² with μ the per-feature (column) mean of x, by a two-pass sum. */
    public static double totalSquares(FloatMatrix x) {
        int d = x.cols();
        double[] mean = new double[d];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x.data()[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= Math.max(1, x.rows());
        }
        double s = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                double e = x.data()[i * d + j] - mean[j];
                s += e * e;
            }
        }
        return s;
    }

    /**
     * R² = 1 − Σ‖x − x̂‖² / Σ‖x − μ‖² with the per-feature mean μ. When x has no variance, 1 for an
     * exact reconstruction and −∞ otherwise.
     */
    public static double r2(FloatMatrix x, FloatMatrix xHat) {
        return r2(squaredError(x, xHat), totalSquares(x));
    }

    /** Fraction of variance unexplained, 1 − R². */
    public static double fvu(FloatMatrix x, FloatMatrix xHat) {
        return 1 - r2(x, xHat);
    }

    /** R² from the summed squared error and the summed squares about the per-feature mean. */
    static double r2(double squaredError, double totalSquares) {
        if (totalSquares > 0) {
            return 1 - squaredError / totalSquares;
        }
        return squaredError == 0 ? 1 : Double.NEGATIVE_INFINITY;
    }

    private static void check(FloatMatrix x, FloatMatrix xHat) {
        if (x.rows() != xHat.rows() || x.cols() != xHat.cols()) {
            throw new InvalidDataException("Reconstruction is " + xHat.rows() + "x" + xHat.cols()
                    + ", expected the input's shape " + x.rows() + "x" + x.cols());
        }
        if (x.rows() == 0) {
            throw new InvalidDataException("Reconstruction metrics need at least 1 row, found 0");
        }
    }
}
