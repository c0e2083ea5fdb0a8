package dev.facet.dictionaries.metrics;

import dev.facet.dictionaries.linalg.SymmetricEigen;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * Distances between two sets of samples, rows of n × d matrices
 * (docs/algorithms.md#distribution-distances): the 1-Wasserstein distance of each dimension's marginals
 * (equal n: the mean |difference| of the sorted values, Villani 2009) and the Fréchet distance between
 * Gaussians fitted to the two sets (Dowson and Landau 1982; the FID of Heusel et al. 2017): ‖μ₁ − μ₂‖²
 * + tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½), with unbiased (n − 1) covariances and tr((Σ₁Σ₂)^½) = Σ√λ(Σ₁^½ Σ₂ Σ₁^½),
 * both square roots by {@link SymmetricEigen}.
 */
public final class Distributions {

    private Distributions() {
    }

    /** W₁ between column j of {@code a} and of {@code b}, for every j. */
    public static double[] wasserstein1(FloatMatrix a, FloatMatrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new InvalidDataException("Wasserstein-1 per dimension needs sets of equal shape, found "
                    + a.rows() + "x" + a.cols() + " and " + b.rows() + "x" + b.cols());
        }
        int n = a.rows();
        int d = a.cols();
        if (n == 0) {
            throw new InvalidDataException("Wasserstein-1 needs at least 1 row, found 0");
        }
        double[] out = new double[d];
        float[] ca = new float[n];
        float[] cb = new float[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                ca[i] = a.data()[i * d + j];
                cb[i] = b.data()[i * d + j];
            }
            Arrays.sort(ca);
            Arrays.sort(cb);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs((double) ca[i] - cb[i]);
            }
            out[j] = s / n;
        }
        return out;
    }

    /** Mean over dimensions of {@link #wasserstein1}. */
    public static double meanWasserstein1(FloatMatrix a, FloatMatrix b) {
        return Arrays.stream(wasserstein1(a, b)).average().orElse(Double.NaN);
    }

    /** Fréchet distance between the Gaussian fits of {@code a} and {@code b} (same width, ≥ 2 rows each). */
    public static double frechet(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != b.cols()) {
            throw new InvalidDataException("Fréchet distance needs sets of equal width, found " + a.cols() + " and "
                    + b.cols());
        }
        int d = a.cols();
        double[] mu1 = mean(a);
        double[] mu2 = mean(b);
        double[] s1 = covariance(a, mu1);
        double[] s2 = covariance(b, mu2);
        double meanTerm = 0;
        double trace = 0;
        for (int j = 0; j < d; j++) {
            double e = mu1[j] - mu2[j];
            meanTerm += e * e;
            trace += s1[j * d + j] + s2[j * d + j];
        }
        double[] root1 = SymmetricEigen.of(s1, d).sqrtPsd();
        double[] inner = multiply(multiply(root1, s2, d), root1, d);
        symmetrise(inner, d);
        double traceRoot = 0;
        for (double lambda : SymmetricEigen.eigenvalues(inner, d)) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return Math.max(0, meanTerm + trace - 2 * traceRoot);
    }

    static double[] mean(FloatMatrix m) {
        if (m.rows() < 2) {
            throw new InvalidDataException("A covariance needs at least 2 rows, found " + m.rows());
        }
        int d = m.cols();
        double[] mu = new double[d];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < d; j++) {
                mu[j] += m.data()[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= m.rows();
        }
        return mu;
    }

    /** Unbiased covariance (divides by n − 1), d × d. */
    static double[] covariance(FloatMatrix m, double[] mu) {
        int d = m.cols();
        int n = m.rows();
        double[] cov = new double[d * d];
        double[] centred = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[j] = m.data()[i * d + j] - mu[j];
            }
            for (int p = 0; p < d; p++) {
                double cp = centred[p];
                for (int q = p; q < d; q++) {
                    cov[p * d + q] += cp * centred[q];
                }
            }
        }
        for (int p = 0; p < d; p++) {
            for (int q = p; q < d; q++) {
                cov[p * d + q] /= n - 1;
                cov[q * d + p] = cov[p * d + q];
            }
        }
        return cov;
    }

    private static double[] multiply(double[] x, double[] y, int d) {
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double xik = x[i * d + k];
                for (int j = 0; j < d; j++) {
                    out[i * d + j] += xik * y[k * d + j];
                }
            }
        }
        return out;
    }

    private static void symmetrise(double[] m, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double avg = 0.5 * (m[i * d + j] + m[j * d + i]);
                m[i * d + j] = avg;
                m[j * d + i] = avg;
            }
        }
    }
}
