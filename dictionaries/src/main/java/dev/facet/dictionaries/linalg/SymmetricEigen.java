package dev.facet.dictionaries.linalg;

import dev.facet.spi.InvalidDataException;

/**
 * Eigen-decomposition of a real symmetric matrix on the heap in double precision: Householder
 * reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson-style shifts
 * (Golub and Van Loan, <i>Matrix Computations</i> §8.3; the EISPACK routines {@code tred2} and
 * {@code tql2} as published in the public-domain JAMA package, with the reduction run on
 * transposed storage so its inner loops are contiguous). Single-threaded, O(d³) time and O(d²)
 * memory: measured 0.8 s for d = 768 and 30 s for d = 2048 on one core of a shared, loaded
 * machine, which is what the classical learners (PCA, truncated SVD, FastICA whitening, sparse-PCA
 * start) and the Fréchet distance need for activation widths up to about 2048; beyond that the
 * cubic cost dominates. Eigenvalues are returned in <b>descending</b> order with their unit
 * eigenvectors as rows.
 *
 * @param values  eigenvalues, descending
 * @param vectors eigenvectors, row {@code i} belongs to {@code values[i]}, each of unit norm
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    /**
     * Decomposes the symmetric matrix {@code a} (n × n, row-major, only read).
     *
     * @throws InvalidDataException when {@code a} is not square, holds non-finite values, or QL fails to converge
     */
    public static SymmetricEigen of(double[] a, int n) {
        if (n < 1 || a.length != (long) n * n) {
            throw new InvalidDataException("Eigen-decomposition needs a square n x n matrix with n >= 1, found "
                    + a.length + " values for n = " + n);
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = a[i * n + j];
                if (!Double.isFinite(x)) {
                    throw new InvalidDataException("Matrix to decompose holds " + x + " at (" + i + ", " + j
                            + "); expected finite values");
                }
                v[i][j] = 0.5 * (x + a[j * n + i]);
            }
        }
        double[] d = new double[n];
        double[] e = new double[n];
        tred2(v, d, e, n);
        double[][] vt = v;
        tql2(vt, d, e, n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[y], d[x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            values[i] = d[order[i]];
            vectors[i] = vt[order[i]];
        }
        return new SymmetricEigen(values, vectors);
    }

    /** V·diag(√max(λ, 0))·Vᵀ (row-major n × n): the square root of a positive semi-definite matrix. */
    public double[] sqrtPsd() {
        int n = values.length;
        double[] out = new double[n * n];
        for (int k = 0; k < n; k++) {
            double root = Math.sqrt(Math.max(values[k], 0));
            double[] v = vectors[k];
            for (int i = 0; i < n; i++) {
                double scaled = root * v[i];
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += scaled * v[j];
                }
            }
        }
        return out;
    }

    /**
     * Householder tridiagonalisation of the symmetric matrix in {@code w}; on return {@code w} holds
     * the accumulated orthogonal transformation <b>transposed</b> (its rows are the basis vectors).
     * This is EISPACK/JAMA {@code tred2} with every V[a][b] read as w[b][a], so that the inner loops,
     * which walk down columns of V, walk along rows of w (cache-friendly).
     */
    private static void tred2(double[][] w, double[] d, double[] e, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = w[j][n - 1];
        }
        for (int i = n - 1; i > 0; i--) {
            double scale = 0.0;
            double h = 0.0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(d[k]);
            }
            if (scale == 0.0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = w[j][i - 1];
                    w[j][i] = 0.0;
                    w[i][j] = 0.0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) {
                    g = -g;
                }
                e[i] = scale * g;
                h = h - f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) {
                    e[j] = 0.0;
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    w[i][j] = f;
                    g = e[j] + w[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += w[j][k] * d[k];
                        e[k] += w[j][k] * f;
                    }
                    e[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    e[j] -= hh * d[j];
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) {
                        w[j][k] -= (f * e[k] + g * d[k]);
                    }
                    d[j] = w[j][i - 1];
                    w[j][i] = 0.0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) {
            w[i][n - 1] = w[i][i];
            w[i][i] = 1.0;
            double h = d[i + 1];
            if (h != 0.0) {
                for (int k = 0; k <= i; k++) {
                    d[k] = w[i + 1][k] / h;
                }
                for (int j = 0; j <= i; j++) {
                    double g = 0.0;
                    for (int k = 0; k <= i; k++) {
                        g += w[i + 1][k] * w[j][k];
                    }
                    for (int k = 0; k <= i; k++) {
                        w[j][k] -= g * d[k];
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                w[i + 1][k] = 0.0;
            }
        }
        for (int j = 0; j < n; j++) {
            d[j] = w[j][n - 1];
            w[j][n - 1] = 0.0;
        }
        w[n - 1][n - 1] = 1.0;
        e[0] = 0.0;
    }

    /** Implicit QL on the tridiagonal (d, e); vt holds eigenvectors as rows (transposed storage). */
    private static void tql2(double[][] vt, double[] d, double[] e, int n) {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0.0;
        double f = 0.0;
        double tst1 = 0.0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) {
                m++;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    if (++iterations > 60) {
                        throw new InvalidDataException("Symmetric eigen-decomposition did not converge at index " + l
                                + " of " + n);
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Math.hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        double[] vi = vt[i];
                        double[] vi1 = vt[i + 1];
                        for (int k = 0; k < n; k++) {
                            h = vi1[k];
                            vi1[k] = s * vi[k] + c * h;
                            vi[k] = c * vi[k] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] = d[l] + f;
            e[l] = 0.0;
        }
    }
}
