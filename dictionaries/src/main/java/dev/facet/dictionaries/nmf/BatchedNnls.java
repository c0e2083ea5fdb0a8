package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/**
 * Batched non-negative least squares: for every row x of X, {@code argmin_{z ≥ 0} ‖x − z·D‖²}
 * (docs/algorithms.md#batched-nnls).
 *
 * <p>Algorithm: projected gradient descent (Lin 2007, "Projected gradient methods for non-negative
 * matrix factorization", with a fixed step instead of the Armijo search). With B = X·Dᵀ (n × c) and
 * Q = D·Dᵀ (c × c), both computed once (by the engine's BLAS when large), the gradient of
 * ½‖x − z·D‖² is {@code z·Q − b}, and every row iterates independently
 * {@code z ← max(0, z − (z·Q − b)/L)} with L an upper bound of the spectral norm ‖Q‖₂ = λ_max(Q),
 * which makes each step a descent step. L is {@code min(‖Q‖_F, 1.05·λ̂)} where λ̂ is a Rayleigh
 * quotient after 100 power iterations on Q (‖Q‖_F ≥ ‖Q‖₂ always; the 5% margin covers the power
 * iteration's under-estimate, and any L > λ_max/2 keeps the iteration convergent). Small problems
 * run row by row in parallel on the common fork-join pool; large ones (n·c² ≥ 2²²) compute the
 * products Z·Q of all rows by one BLAS call per step. A row stops when
 * {@code ‖z_new − z_old‖₂ ≤ tolerance·max(‖z_new‖₂, tiny)} or after {@code maxIterations} steps.
 * The starting point is the warm start clamped at 0, or zeros.
 */
public final class BatchedNnls {


    private BatchedNnls() {
    }

    /**
     * Solves every row of {@code x} against {@code atoms}.
     *
     * @param x rows to code, n × d
     * @param atoms dictionary D, c × d
     * @param warmStart starting codes n × c (negative entries are clamped to 0), or {@code null} for zeros
     * @param maxIterations at most this many projected-gradient steps per row, {@code >= 1}
     * @param tolerance per-row relative change at which a row stops, {@code >= 0}
     * @return codes Z, n × c, all entries ≥ 0
     * @throws InvalidDataException on mismatched shapes, non-finite input or bad iteration settings
     */
    public static FloatMatrix solve(FloatMatrix x, FloatMatrix atoms, FloatMatrix warmStart, int maxIterations,
                                    double tolerance) {
        if (x.cols() != atoms.cols()) {
            throw new InvalidDataException("NNLS input has width " + x.cols() + ", expected the atoms' width "
                    + atoms.cols());
        }
        int n = x.rows();
        int c = atoms.rows();
        if (warmStart != null && (warmStart.rows() != n || warmStart.cols() != c)) {
            throw new InvalidDataException("NNLS warm start is " + warmStart.rows() + "x" + warmStart.cols()
                    + ", expected " + n + "x" + c);
        }
        if (maxIterations < 1) {
            throw new InvalidDataException("NNLS maxIterations must be >= 1, found " + maxIterations);
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new InvalidDataException("NNLS tolerance must be finite and >= 0, found " + tolerance);
        }
        x.requireFinite("NNLS input");
        atoms.requireFinite("NNLS atoms");
        if (n == 0 || c == 0) {
            return FloatMatrix.zeros(n, c);
        }
        FloatMatrix b = Matrices.multiply(x, false, atoms, true);
        FloatMatrix q = Matrices.multiply(atoms, false, atoms, true);
        return solveGram(b, q, warmStart, maxIterations, tolerance);
    }

    /**
     * The same iteration given B = X·Dᵀ (n × c) and Q = D·Dᵀ (c × c) directly, for callers that
     * already hold them (ANLS, encoders). Q must be symmetric positive semi-definite.
     */
    public static FloatMatrix solveGram(FloatMatrix b, FloatMatrix q, FloatMatrix warmStart, int maxIterations,
                                        double tolerance) {
        int n = b.rows();
        int c = b.cols();
        if (q.rows() != c || q.cols() != c) {
            throw new InvalidDataException("NNLS Gram matrix is " + q.rows() + "x" + q.cols() + ", expected " + c
                    + "x" + c);
        }
        float[] z = new float[n * c];
        if (warmStart != null) {
            float[] w = warmStart.data();
            for (int i = 0; i < z.length; i++) {
                z[i] = Math.max(0f, w[i]);
            }
        }
        double lipschitz = lipschitz(q);
        if (!(lipschitz > 0)) {
            // D is all zeros: every z gives the same error; the minimum-norm solution is 0.
            return FloatMatrix.zeros(n, c);
        }
        float step = (float) (1.0 / lipschitz);
        float[] bd = b.data();
        float[] qd = q.data();
        double tol2 = tolerance * tolerance;
        if ((long) n * c * c >= Matrices.ENGINE_MIN_WORK) {
            return solveBlas(z, n, c, bd, q, step, maxIterations, tol2);
        }
        int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 8));
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = (int) ((long) n * block / blocks);
            int to = (int) ((long) n * (block + 1) / blocks);
            float[] next = new float[c];
            for (int row = from; row < to; row++) {
                solveRow(z, row * c, bd, qd, c, step, maxIterations, tol2, next);
            }
        });
        return new FloatMatrix(n, c, z);
    }

    /**
     * The same per-row iteration with the products Z·Q of all rows done by one BLAS call per step;
     * rows that met the tolerance stop changing, exactly as in the row-by-row loop.
     */
    private static FloatMatrix solveBlas(float[] z, int n, int c, float[] b, FloatMatrix q, float step,
                                         int maxIterations, double tol2) {
        boolean[] done = new boolean[n];
        FloatMatrix zm = new FloatMatrix(n, c, z);
        for (int it = 0; it < maxIterations; it++) {
            float[] g = Matrices.multiply(zm, q).data();
            int[] active = {0};
            int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 8));
            int[] counts = new int[blocks];
            IntStream.range(0, blocks).parallel().forEach(block -> {
                int from = (int) ((long) n * block / blocks);
                int to = (int) ((long) n * (block + 1) / blocks);
                int count = 0;
                for (int row = from; row < to; row++) {
                    if (done[row]) {
                        continue;
                    }
                    int base = row * c;
                    double change = 0;
                    double norm = 0;
                    for (int j = 0; j < c; j++) {
                        float v = Math.max(0f, z[base + j] - step * (g[base + j] - b[base + j]));
                        double diff = v - z[base + j];
                        change += diff * diff;
                        norm += (double) v * v;
                        z[base + j] = v;
                    }
                    if (change <= tol2 * Math.max(norm, 1e-30)) {
                        done[row] = true;
                    } else {
                        count++;
                    }
                }
                counts[block] = count;
            });
            for (int count : counts) {
                active[0] += count;
            }
            if (active[0] == 0) {
                break;
            }
        }
        return zm;
    }

    private static void solveRow(float[] z, int base, float[] b, float[] q, int c, float step, int maxIterations,
                                 double tol2, float[] next) {
        for (int it = 0; it < maxIterations; it++) {
            double change = 0;
            double norm = 0;
            for (int j = 0; j < c; j++) {
                float grad = dot(q, j * c, z, base, c) - b[base + j];
                float v = Math.max(0f, z[base + j] - step * grad);
                next[j] = v;
                double diff = v - z[base + j];
                change += diff * diff;
                norm += (double) v * v;
            }
            System.arraycopy(next, 0, z, base, c);
            if (change <= tol2 * Math.max(norm, 1e-30)) {
                return;
            }
        }
    }

    /** Σₖ a[ia+k]·b[ib+k] for k < len, four accumulators. */
    static float dot(float[] a, int ia, float[] b, int ib, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += a[ia + k] * b[ib + k];
            s1 += a[ia + k + 1] * b[ib + k + 1];
            s2 += a[ia + k + 2] * b[ib + k + 2];
            s3 += a[ia + k + 3] * b[ib + k + 3];
        }
        for (; k < len; k++) {
            s0 += a[ia + k] * b[ib + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** min(‖Q‖_F, 1.05·λ̂) with λ̂ from power iteration on the symmetric PSD matrix Q. */
    static double lipschitz(FloatMatrix q) {
        return Matrices.spectralNormBound(Matrices.widen(q), q.rows());
    }
}
