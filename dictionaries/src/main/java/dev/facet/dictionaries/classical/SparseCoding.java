package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.linalg.Cholesky;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Sparse coding of rows against a fixed dictionary D (c × d), both solvers working from the Gram
 * matrix G = D·Dᵀ and the correlations B = X·Dᵀ (computed on the engine), row by row in parallel:
 * <ul>
 *   <li>{@link #lasso}: min_z ½‖x − z·D‖² + α‖z‖₁ by cyclic coordinate descent (Friedman, Hastie
 *       and Tibshirani 2007/2010): z_j ← S(b_j − Σ_{k≠j} G_jk z_k, α) / G_jj with S the soft
 *       threshold; sweeps stop when the largest coordinate change ≤ {@value #LASSO_TOL}·max|z| (or 1e-12), or
 *       after {@value #MAX_SWEEPS} sweeps;</li>
 *   <li>{@link #omp}: orthogonal matching pursuit (Pati, Rezaiifar and Krishnaprasad 1993) with at
 *       most k non-zeros: greedily add the atom most correlated with the residual, then refit the
 *       selected coefficients by least squares ({@link Cholesky} of G restricted to the support).</li>
 * </ul>
 */
public final class SparseCoding {

    /** Most coordinate-descent sweeps per row. */
    public static final int MAX_SWEEPS = 200;
    /** Coordinate descent stops when the largest change of a sweep is at most this fraction of max|z|. */
    public static final double LASSO_TOL = 1e-5;

    private SparseCoding() {
    }

    /** Lasso codes (n × c) of the rows of {@code x} against {@code atoms}; {@code warm} (n × c) or null. */
    public static FloatMatrix lasso(FloatMatrix x, FloatMatrix atoms, double alpha, FloatMatrix warm) {
        return lassoFromGram(gram(atoms), Matrices.multiply(x, false, atoms, true), atoms.rows(), alpha, warm);
    }

    /**
     * Lasso codes from G (c × c, row-major) and B (n × c): row i minimises
     * ½·zᵀGz − zᵀbᵢ + α‖z‖₁.
     */
    static FloatMatrix lassoFromGram(double[] g, FloatMatrix correlations, int c, double alpha, FloatMatrix warm) {
        int n = correlations.rows();
        float[] out = warm == null ? new float[n * c] : warm.data().clone();
        float[] b = correlations.data();
        rows(n, c).forEach(i -> {
            double[] z = new double[c];
            double[] q = new double[c];
            for (int j = 0; j < c; j++) {
                z[j] = out[i * c + j];
                q[j] = b[i * c + j];
            }
            for (int k = 0; k < c; k++) {
                if (z[k] != 0) {
                    for (int j = 0; j < c; j++) {
                        q[j] -= g[j * c + k] * z[k];
                    }
                }
            }
            for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
                double maxDelta = 0;
                double maxZ = 0;
                for (int j = 0; j < c; j++) {
                    double gjj = g[j * c + j];
                    double old = z[j];
                    double updated = 0;
                    if (gjj > 0) {
                        double rho = q[j] + gjj * old;
                        if (Math.abs(rho) > alpha) {
                            updated = (rho - Math.copySign(alpha, rho)) / gjj;
                        }
                    }
                    double delta = updated - old;
                    if (delta != 0) {
                        z[j] = updated;
                        for (int k = 0; k < c; k++) {
                            q[k] -= g[k * c + j] * delta;
                        }
                    }
                    maxDelta = Math.max(maxDelta, Math.abs(delta));
                    maxZ = Math.max(maxZ, Math.abs(updated));
                }
                if (maxDelta <= Math.max(LASSO_TOL * maxZ, 1e-12)) {
                    break;
                }
            }
            for (int j = 0; j < c; j++) {
                out[i * c + j] = (float) z[j];
            }
        });
        return new FloatMatrix(n, c, out);
    }

    /** OMP codes (n × c) with at most {@code k} non-zeros per row. */
    public static FloatMatrix omp(FloatMatrix x, FloatMatrix atoms, int k) {
        double[] g = gram(atoms);
        int c = atoms.rows();
        FloatMatrix correlations = Matrices.multiply(x, false, atoms, true);
        int n = x.rows();
        float[] out = new float[n * c];
        float[] b = correlations.data();
        rows(n, c).forEach(i -> {
            int[] support = new int[k];
            boolean[] chosen = new boolean[c];
            double[] q = new double[c];
            for (int j = 0; j < c; j++) {
                q[j] = b[i * c + j];
            }
            double[] coefficients = new double[0];
            int size = 0;
            while (size < Math.min(k, c)) {
                int best = -1;
                double bestValue = 1e-12;
                for (int j = 0; j < c; j++) {
                    if (!chosen[j] && g[j * c + j] > 0) {
                        double value = Math.abs(q[j]) / Math.sqrt(g[j * c + j]);
                        if (value > bestValue) {
                            bestValue = value;
                            best = j;
                        }
                    }
                }
                if (best < 0) {
                    break;
                }
                chosen[best] = true;
                support[size++] = best;
                double[] refit = solveRestricted(g, c, support, size, b, i);
                if (refit == null) {
                    chosen[best] = false;
                    size--;
                    break;
                }
                coefficients = refit;
                for (int j = 0; j < c; j++) {
                    double s = b[i * c + j];
                    for (int p = 0; p < size; p++) {
                        s -= g[j * c + support[p]] * coefficients[p];
                    }
                    q[j] = s;
                }
            }
            for (int p = 0; p < size; p++) {
                out[i * c + support[p]] = (float) coefficients[p];
            }
        });
        return new FloatMatrix(n, c, out);
    }

    /**
     * Solves G[S,S]·z = b[S] by {@link Cholesky}; null when G[S,S] is numerically singular (a pivot
     * at most 1e-10 of its diagonal entry).
     */
    private static double[] solveRestricted(double[] g, int c, int[] support, int size, float[] b, int row) {
        int[] index = Arrays.copyOf(support, size);
        Cholesky factor = Cholesky.factor(Cholesky.restrict(g, c, index), size, 0, 1e-10);
        if (factor == null) {
            return null;
        }
        double[] z = new double[size];
        for (int p = 0; p < size; p++) {
            z[p] = b[row * c + support[p]];
        }
        factor.solveInPlace(z);
        return z;
    }

    /**
     * Rows in parallel only when the work is large: the engine's BLAS threads keep spinning for a
     * while after each product, and small parallel loops then lose more to contention than they gain.
     */
    static IntStream rows(int n, int c) {
        IntStream rows = IntStream.range(0, n);
        return (long) n * c * c >= PARALLEL_WORK ? rows.parallel() : rows;
    }

    /** Work (rows × concepts²) from which coding runs rows in parallel. */
    static final long PARALLEL_WORK = 1L << 24;

    /** D·Dᵀ in double (c × c). */
    static double[] gram(FloatMatrix atoms) {
        float[] g = Matrices.multiply(atoms, false, atoms, true).data();
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i];
        }
        return out;
    }
}
