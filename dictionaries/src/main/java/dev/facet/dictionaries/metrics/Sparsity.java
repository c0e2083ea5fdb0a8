package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * Norms and sparsity measures of vectors and of the rows of a matrix
 * (docs/algorithms.md#sparsity-metrics, after the {@code overcomplete.metrics} functions of the same
 * names): l1, l2, lp, l0 (fraction of non-zeros), l0_eps (fraction with |x| ≥ 1e-6), the l1/l2 ratio,
 * Hoyer's sparseness (Hoyer 2004) and the kurtosis-like κ₄ = Σx⁴/(Σx²)². Matrix versions apply the
 * measure to each row and average over rows; all sums are in double.
 */
public final class Sparsity {

    /** Default threshold of {@link #l0Eps}. */
    public static final double EPS = 1e-6;

    private Sparsity() {
    }

    /** ‖v‖₁ = Σ|vᵢ|. */
    public static double l1(float[] v) {
        double s = 0;
        for (float x : v) {
            s += Math.abs(x);
        }
        return s;
    }

    /** ‖v‖₂ = √Σvᵢ². */
    public static double l2(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** ‖v‖ₚ = (Σ|vᵢ|ᵖ)^(1/p), p > 0 (a quasi-norm for p < 1). */
    public static double lp(float[] v, double p) {
        if (!(p > 0) || !Double.isFinite(p)) {
            throw new InvalidDataException("lp needs a finite p > 0, found " + p);
        }
        double s = 0;
        for (float x : v) {
            s += Math.pow(Math.abs(x), p);
        }
        return Math.pow(s, 1 / p);
    }

    /** Fraction of entries that are not exactly zero; 0 for an empty vector. */
    public static double l0(float[] v) {
        return l0Eps(v, Double.MIN_VALUE);
    }

    /** Fraction of entries with |x| ≥ {@link #EPS}. */
    public static double l0Eps(float[] v) {
        return l0Eps(v, EPS);
    }

    /** Fraction of entries with |x| ≥ {@code threshold}; 0 for an empty vector. */
    public static double l0Eps(float[] v, double threshold) {
        if (v.length == 0) {
            return 0;
        }
        long n = 0;
        for (float x : v) {
            if (Math.abs(x) >= threshold) {
                n++;
            }
        }
        return (double) n / v.length;
    }

    /** ‖v‖₁/‖v‖₂ (between 1 for one-hot and √d for flat); NaN for the zero vector. */
    public static double l1L2Ratio(float[] v) {
        return l1(v) / l2(v);
    }

    /**
     * Hoyer's sparseness (√d − ‖v‖₁/‖v‖₂)/(√d − 1): 1 for a one-hot vector, 0 for a flat one.
     * NaN for the zero vector or d = 1.
     */
    public static double hoyer(float[] v) {
        return hoyer(l1(v), l2(v), v.length);
    }

    /** κ₄ = Σx⁴/(Σx²)² (1 for one-hot, 1/d for flat); NaN for the zero vector. */
    public static double kappa4(float[] v) {
        double s2 = 0;
        double s4 = 0;
        for (float x : v) {
            double q = (double) x * x;
            s2 += q;
            s4 += q * q;
        }
        return s4 / (s2 * s2);
    }

    /** Hoyer from the norms of a vector of length d. */
    static double hoyer(double l1, double l2, int d) {
        double root = Math.sqrt(d);
        return (root - l1 / l2) / (root - 1);
    }

    /** Each row's l1 norm. */
    public static double[] rowL1(FloatMatrix m) {
        double[] out = new double[m.rows()];
        for (int i = 0; i < m.rows(); i++) {
            out[i] = l1(m.row(i));
        }
        return out;
    }

    /** Each row's l2 norm. */
    public static double[] rowL2(FloatMatrix m) {
        double[] out = new double[m.rows()];
        for (int i = 0; i < m.rows(); i++) {
            out[i] = l2(m.row(i));
        }
        return out;
    }

    /** Fraction of non-zero entries of the whole matrix. */
    public static double l0(FloatMatrix m) {
        return l0(m.data());
    }

    /** Fraction of entries of the whole matrix with |x| ≥ {@link #EPS}. */
    public static double l0Eps(FloatMatrix m) {
        return l0Eps(m.data());
    }

    /** Mean over rows of ‖row‖₁/‖row‖₂; rows that are zero are skipped (NaN when all are). */
    public static double l1L2Ratio(FloatMatrix m) {
        return meanOverRows(m, Sparsity::l1L2Ratio);
    }

    /** Mean over rows of Hoyer's sparseness; zero rows are skipped (NaN when all are). */
    public static double hoyer(FloatMatrix m) {
        return meanOverRows(m, Sparsity::hoyer);
    }

    /** Mean over rows of κ₄; zero rows are skipped (NaN when all are). */
    public static double kappa4(FloatMatrix m) {
        return meanOverRows(m, Sparsity::kappa4);
    }

    /** Mean over rows of the codes' Hoyer sparseness over all {@code concepts} entries; zero rows skipped. */
    public static double hoyer(Codes codes) {
        double sum = 0;
        long n = 0;
        for (int r = 0; r < codes.rows(); r++) {
            double h = hoyer(l1(codes.values(r)), l2(codes.values(r)), codes.concepts());
            if (!Double.isNaN(h)) {
                sum += h;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Mean over rows of the codes' κ₄ (unstored entries are zero); zero rows skipped. */
    public static double kappa4(Codes codes) {
        double sum = 0;
        long n = 0;
        for (int r = 0; r < codes.rows(); r++) {
            double k = kappa4(codes.values(r));
            if (!Double.isNaN(k)) {
                sum += k;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private interface RowMeasure {
        double of(float[] row);
    }

    private static double meanOverRows(FloatMatrix m, RowMeasure measure) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < m.rows(); i++) {
            double v = measure.of(m.row(i));
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
