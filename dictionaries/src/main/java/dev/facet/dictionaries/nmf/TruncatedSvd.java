package dev.facet.dictionaries.nmf;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;

/**
 * The top-k singular triplets of a heap matrix X (n × d), for the NNDSVD initialisation: block
 * subspace iteration (Halko, Martinsson &amp; Tropp 2011, Algorithm 4.4 with q power steps) on the
 * smaller Gram matrix (XᵀX when d ≤ n, else X·Xᵀ, formed once by the engine), followed by a
 * Rayleigh–Ritz step whose small symmetric eigenproblem is solved by cyclic Jacobi rotations.
 * Oversampling 10, 8 power steps, re-orthonormalised by modified Gram–Schmidt (twice) each step.
 *
 * @param u left singular vectors, n × k (column j is uⱼ)
 * @param sigma singular values, descending
 * @param vt right singular vectors as rows, k × d
 */
record TruncatedSvd(FloatMatrix u, double[] sigma, FloatMatrix vt) {

    private static final int OVERSAMPLING = 10;
    private static final int POWER_STEPS = 8;

    static TruncatedSvd compute(FloatMatrix x, int k, long seed) {
        int n = x.rows();
        int d = x.cols();
        boolean right = d <= n;
        int s = right ? d : n;
        int p = Math.min(s, k + OVERSAMPLING);
        FloatMatrix gram = right ? Products.multiply(x, true, x, false) : Products.multiply(x, false, x, true);
        Random random = new Random(seed);
        float[] basis = new float[p * s];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) random.nextGaussian();
        }
        FloatMatrix vt = new FloatMatrix(p, s, basis);
        orthonormalizeRows(vt);
        for (int step = 0; step < POWER_STEPS; step++) {
            vt = Products.multiply(vt, gram); // rows of (G·V)ᵀ since G is symmetric
            orthonormalizeRows(vt);
        }
        FloatMatrix w = Products.multiply(vt, gram);
        FloatMatrix t = Products.multiply(w, false, vt, true); // p × p
        double[][] a = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                a[i][j] = 0.5 * (t.get(i, j) + t.get(j, i));
            }
        }
        double[][] vectors = new double[p][p];
        double[] values = jacobi(a, vectors);
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(values[j], values[i]));
        // Ritz vectors as rows: r_j = Σ_i vectors[i][order_j]·vt_i
        float[] ritz = new float[k * s];
        double[] sigma = new double[k];
        for (int j = 0; j < k; j++) {
            int col = order[j];
            sigma[j] = Math.sqrt(Math.max(0, values[col]));
            for (int i = 0; i < p; i++) {
                float coef = (float) vectors[i][col];
                int base = i * s;
                for (int m = 0; m < s; m++) {
                    ritz[j * s + m] += coef * vt.data()[base + m];
                }
            }
        }
        FloatMatrix r = new FloatMatrix(k, s, ritz);
        if (right) {
            FloatMatrix u = Products.multiply(x, false, r, true); // n × k
            scaleColumns(u, sigma);
            return new TruncatedSvd(u, sigma, r);
        }
        FloatMatrix v = Products.multiply(r, x); // k × d
        scaleRows(v, sigma);
        return new TruncatedSvd(r.transpose(), sigma, v);
    }

    private static void scaleColumns(FloatMatrix m, double[] sigma) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                int idx = i * m.cols() + j;
                m.data()[idx] = sigma[j] > 0 ? (float) (m.data()[idx] / sigma[j]) : 0f;
            }
        }
    }

    private static void scaleRows(FloatMatrix m, double[] sigma) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                int idx = i * m.cols() + j;
                m.data()[idx] = sigma[i] > 0 ? (float) (m.data()[idx] / sigma[i]) : 0f;
            }
        }
    }

    /** Modified Gram–Schmidt on the rows, twice; a row that vanishes stays zero. */
    static void orthonormalizeRows(FloatMatrix m) {
        int rows = m.rows();
        int cols = m.cols();
        float[] a = m.data();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < rows; i++) {
                int bi = i * cols;
                for (int j = 0; j < i; j++) {
                    int bj = j * cols;
                    double dot = 0;
                    for (int c = 0; c < cols; c++) {
                        dot += a[bi + c] * a[bj + c];
                    }
                    float f = (float) dot;
                    for (int c = 0; c < cols; c++) {
                        a[bi + c] -= f * a[bj + c];
                    }
                }
                double norm = 0;
                for (int c = 0; c < cols; c++) {
                    norm += a[bi + c] * a[bi + c];
                }
                norm = Math.sqrt(norm);
                float inv = norm > 1e-20 ? (float) (1 / norm) : 0f;
                for (int c = 0; c < cols; c++) {
                    a[bi + c] *= inv;
                }
            }
        }
    }

    /** Cyclic Jacobi eigen-decomposition of the symmetric {@code a} (destroyed); returns eigenvalues, fills eigenvectors as columns. */
    static double[] jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-22 * Math.max(diag, 1e-300)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - sn * akq;
                        a[k][q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - sn * aqk;
                        a[q][k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
    }
}
