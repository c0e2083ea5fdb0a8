package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.dictionaries.linalg.SymmetricEigen;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;

/**
 * The top-k singular triplets of a heap matrix X (n × d), for the NNDSVD initialisation: block
 * subspace iteration (Halko, Martinsson &amp; Tropp 2011, Algorithm 4.4 with q power steps) on the
 * smaller Gram matrix (XᵀX when d ≤ n, else X·Xᵀ, formed once by the engine), followed by a
 * Rayleigh–Ritz step whose small symmetric eigenproblem is solved by {@link SymmetricEigen}.
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
        FloatMatrix gram = right ? Matrices.multiply(x, true, x, false) : Matrices.multiply(x, false, x, true);
        Random random = new Random(seed);
        float[] basis = new float[p * s];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) random.nextGaussian();
        }
        FloatMatrix vt = new FloatMatrix(p, s, basis);
        orthonormalizeRows(vt);
        for (int step = 0; step < POWER_STEPS; step++) {
            vt = Matrices.multiply(vt, gram); // rows of (G·V)ᵀ since G is symmetric
            orthonormalizeRows(vt);
        }
        FloatMatrix w = Matrices.multiply(vt, gram);
        FloatMatrix t = Matrices.multiply(w, false, vt, true); // p × p
        double[] a = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                a[i * p + j] = t.get(i, j);
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(a, p);
        // Ritz vectors as rows: r_j = Σ_i (eigenvector j)_i·vt_i, eigenvalues descending
        float[] ritz = new float[k * s];
        double[] sigma = new double[k];
        for (int j = 0; j < k; j++) {
            sigma[j] = Math.sqrt(Math.max(0, eigen.values()[j]));
            for (int i = 0; i < p; i++) {
                float coef = (float) eigen.vectors()[j][i];
                int base = i * s;
                for (int m = 0; m < s; m++) {
                    ritz[j * s + m] += coef * vt.data()[base + m];
                }
            }
        }
        FloatMatrix r = new FloatMatrix(k, s, ritz);
        if (right) {
            FloatMatrix u = Matrices.multiply(x, false, r, true); // n × k
            scaleColumns(u, sigma);
            return new TruncatedSvd(u, sigma, r);
        }
        FloatMatrix v = Matrices.multiply(r, x); // k × d
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

}
