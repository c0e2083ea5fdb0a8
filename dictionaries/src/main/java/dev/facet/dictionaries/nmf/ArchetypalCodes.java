package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/**
 * Simplex-constrained least squares, row by row: for every row x, {@code argmin_{z ∈ Δ} ½‖x − z·D‖²}
 * with Δ the probability simplex (the coding step of archetypal analysis, Cutler and Breiman 1994).
 *
 * <p>Algorithm: accelerated projected gradient (FISTA, Beck and Teboulle 2009) with the exact
 * Euclidean projection {@link SimplexProjection} and the function-value restart of O'Donoghue and
 * Candès (2015): when a step would raise the objective, momentum is reset and a plain projected
 * gradient step is taken from the current point instead, so the objective never increases. With
 * B = X·Dᵀ (n × c) and G = D·Dᵀ (c × c) computed once, every row works in c dimensions only:
 * gradient {@code z·G − b}, objective {@code ½ z·G·zᵀ − z·b}, step 1/L with L ≥ λ_max(G). A row
 * stops when {@code ‖z_new − z_old‖₂ ≤ tol·‖z_new‖₂} or after {@code maxIter} steps. Rows run in
 * parallel.
 */
final class ArchetypalCodes {

    private ArchetypalCodes() {
    }

    /** Codes of the rows of {@code x} against {@code atoms}, each row on the simplex, from the uniform start. */
    static FloatMatrix encode(FloatMatrix x, FloatMatrix atoms, int maxIter, double tol) {
        FloatMatrix b = Matrices.multiply(x, false, atoms, true);
        double[] g = Matrices.widen(Matrices.multiply(atoms, false, atoms, true));
        return solve(b, g, null, maxIter, tol);
    }

    /**
     * @param b     X·Dᵀ, n × c
     * @param g     D·Dᵀ, c × c row-major
     * @param start starting codes (projected onto the simplex first), or {@code null} for uniform 1/c
     */
    static FloatMatrix solve(FloatMatrix b, double[] g, FloatMatrix start, int maxIter, double tol) {
        int n = b.rows();
        int c = b.cols();
        if (g.length != c * c) {
            throw new InvalidDataException("Gram matrix has " + g.length + " values, expected " + c + "x" + c);
        }
        if (start != null && (start.rows() != n || start.cols() != c)) {
            throw new InvalidDataException("Start codes are " + start.rows() + "x" + start.cols() + ", expected "
                    + n + "x" + c);
        }
        double lipschitz = Matrices.spectralNormBound(g, c);
        float[] out = new float[n * c];
        float[] bd = b.data();
        int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 8));
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = (int) ((long) n * block / blocks);
            int to = (int) ((long) n * (block + 1) / blocks);
            Row row = new Row(c);
            for (int r = from; r < to; r++) {
                for (int j = 0; j < c; j++) {
                    row.b[j] = bd[r * c + j];
                    row.x[j] = start == null ? 1.0 / c : start.data()[r * c + j];
                }
                if (start != null) {
                    SimplexProjection.projectInPlace(row.x, 0, c, row.scratch);
                }
                if (lipschitz > 0) {
                    row.solve(g, lipschitz, maxIter, tol);
                }
                for (int j = 0; j < c; j++) {
                    out[r * c + j] = (float) row.x[j];
                }
            }
        });
        return new FloatMatrix(n, c, out);
    }

    /** Work arrays of one row. */
    private static final class Row {
        final int c;
        final double[] b;
        final double[] x;
        final double[] y;
        final double[] z;
        final double[] gx;
        final double[] gy;
        final double[] gz;
        final double[] scratch;

        Row(int c) {
            this.c = c;
            b = new double[c];
            x = new double[c];
            y = new double[c];
            z = new double[c];
            gx = new double[c];
            gy = new double[c];
            gz = new double[c];
            scratch = new double[c];
        }

        void solve(double[] g, double lipschitz, int maxIter, double tol) {
            double step = 1.0 / lipschitz;
            double fx = objective(g, x, gx);
            System.arraycopy(x, 0, y, 0, c);
            double t = 1;
            for (int it = 0; it < maxIter; it++) {
                multiply(g, y, gy);
                stepFrom(y, gy, step);
                double fz = objective(g, z, gz);
                if (fz > fx) {
                    // Restart: a plain projected-gradient step from x, which cannot raise the objective.
                    stepFrom(x, gx, step);
                    fz = objective(g, z, gz);
                    t = 1;
                }
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                double momentum = (t - 1) / tNext;
                double change = 0;
                double norm = 0;
                for (int j = 0; j < c; j++) {
                    double delta = z[j] - x[j];
                    change += delta * delta;
                    norm += z[j] * z[j];
                    y[j] = z[j] + momentum * delta;
                    x[j] = z[j];
                    gx[j] = gz[j];
                }
                fx = fz;
                t = tNext;
                if (change <= tol * tol * norm) {
                    return;
                }
            }
        }

        /** z = P(from − (from·G − b)/L), given from·G. */
        private void stepFrom(double[] from, double[] product, double step) {
            for (int j = 0; j < c; j++) {
                z[j] = from[j] - step * (product[j] - b[j]);
            }
            SimplexProjection.projectInPlace(z, 0, c, scratch);
        }

        /** ½ v·G·vᵀ − v·b, leaving v·G in {@code product}. */
        private double objective(double[] g, double[] v, double[] product) {
            multiply(g, v, product);
            double f = 0;
            for (int j = 0; j < c; j++) {
                f += 0.5 * v[j] * product[j] - v[j] * b[j];
            }
            return f;
        }

        private void multiply(double[] g, double[] v, double[] out) {
            for (int i = 0; i < c; i++) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += g[i * c + k] * v[k];
                }
                out[i] = s;
            }
        }
    }
}
