package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;

/**
 * Eigen-decomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix by the cyclic Jacobi method
 * (Jacobi 1846; Golub and Van Loan, Matrix Computations §8.5), in double. O(n³) per sweep and a few
 * sweeps: meant for the d × d covariances of the Fréchet distance, not for large matrices.
 *
 * @param values  eigenvalues λ, in the order of the columns of {@code vectors}
 * @param vectors n × n row-major; column k is the unit eigenvector of {@code values[k]}
 */
public record SymmetricEigen(double[] values, double[] vectors) {

    private static final int MAX_SWEEPS = 100;

    /** Decomposes the symmetric n × n row-major {@code a} (not modified). */
    public static SymmetricEigen of(double[] a, int n) {
        if (a.length != (long) n * n) {
            throw new InvalidDataException("A " + n + "x" + n + " matrix needs " + (long) n * n + " values, found "
                    + a.length);
        }
        double[] m = a.clone();
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = m[i * n + j];
                if (!Double.isFinite(v)) {
                    throw new InvalidDataException("Eigen-decomposition needs finite values, found " + v
                            + " at (" + i + ", " + j + ")");
                }
                if (Math.abs(v - m[j * n + i]) > 1e-9 * Math.max(1, Math.abs(v))) {
                    throw new InvalidDataException("Matrix is not symmetric: (" + i + ", " + j + ") = " + v
                            + " but (" + j + ", " + i + ") = " + m[j * n + i]);
                }
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += m[p * n + q] * m[p * n + q];
                }
            }
            if (off <= 1e-30 * scale * scale || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k * n + p];
                        double mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p * n + k];
                        double mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = m[i * n + i];
        }
        return new SymmetricEigen(values, v);
    }

    /** V·diag(f(λ))·Vᵀ for f = √max(λ, 0): the square root of a positive semi-definite matrix. */
    public double[] sqrtPsd() {
        int n = values.length;
        double[] root = new double[n];
        for (int k = 0; k < n; k++) {
            root[k] = Math.sqrt(Math.max(values[k], 0));
        }
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += vectors[i * n + k] * root[k] * vectors[j * n + k];
                }
                out[i * n + j] = s;
            }
        }
        return out;
    }
}
