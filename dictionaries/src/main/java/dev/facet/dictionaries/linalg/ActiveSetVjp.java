package dev.facet.dictionaries.linalg;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Vector–Jacobian products of codes that solve a least-squares problem against fixed atoms D (c × d) on
 * their support, by implicit differentiation (docs/algorithms.md#dictionary-gradients). For a row x with
 * code z and support S = {j : z_j ≠ 0}, the optimality conditions that hold on S,
 * G_SS·z_S = D_S·x − (a term constant in x), with G_SS = D_S·D_Sᵀ, give z_S = G_SS⁻¹·D_S·x + const while
 * S does not change, so the gradient of w·z with respect to x is D_Sᵀ·G_SS⁻¹·w_S. This covers
 * non-negative least squares (NMF, Semi-NMF and Convex-NMF codes, whose KKT conditions make the
 * gradient vanish off S), the lasso (the constant is α·sign(z_S)) and a least-squares refit on a
 * selected support (OMP). With the simplex constraint of archetypal analysis, Σ z_S = 1 adds a
 * multiplier and the product becomes D_Sᵀ·(G⁻¹w_S − G⁻¹1·(1ᵀG⁻¹w_S)/(1ᵀG⁻¹1)).
 *
 * <p>G_SS is factored by {@link Cholesky} in double precision, row by row in parallel; when its atoms
 * are (numerically) dependent the solve falls back to the pseudo-inverse from {@link SymmetricEigen},
 * the minimum-norm derivative.
 */
public final class ActiveSetVjp {

    /** Relative pivot and eigenvalue floor below which G_SS is treated as singular. */
    private static final double SINGULAR = 1e-12;

    private ActiveSetVjp() {
    }

    /**
     * D_Sᵀ·G_SS⁻¹·w_S for every row: the gradient of sum(z ⊙ w) for codes z solving a least-squares
     * problem on their support.
     *
     * @param codes    the codes z (n × c) whose non-zero entries give each row's support
     * @param atoms    D (c × d)
     * @param upstream w (n × c)
     * @return the gradient with respect to the rows x (n × d)
     */
    public static FloatMatrix leastSquares(FloatMatrix codes, FloatMatrix atoms, FloatMatrix upstream) {
        return product(codes, atoms, upstream, false);
    }

    /** The same product for codes constrained to the probability simplex (Σ z = 1, z ≥ 0). */
    public static FloatMatrix simplex(FloatMatrix codes, FloatMatrix atoms, FloatMatrix upstream) {
        return product(codes, atoms, upstream, true);
    }

    private static FloatMatrix product(FloatMatrix codes, FloatMatrix atoms, FloatMatrix upstream, boolean simplex) {
        int n = codes.rows();
        int c = atoms.rows();
        int d = atoms.cols();
        float[] out = new float[n * d];
        IntStream.range(0, n).parallel().forEach(row -> {
            int[] support = support(codes, row);
            int s = support.length;
            if (s == 0) {
                return;
            }
            double[] gram = restrictedGram(atoms, support);
            double[] v = new double[s];
            for (int p = 0; p < s; p++) {
                v[p] = upstream.data()[row * c + support[p]];
            }
            v = solve(gram, s, v);
            if (simplex) {
                double[] ones = new double[s];
                Arrays.fill(ones, 1);
                double[] u = solve(gram, s, ones);
                double along = 0;
                double norm = 0;
                for (int p = 0; p < s; p++) {
                    along += v[p];
                    norm += u[p];
                }
                for (int p = 0; p < s; p++) {
                    v[p] -= u[p] * along / norm;
                }
            }
            for (int p = 0; p < s; p++) {
                int atom = support[p] * d;
                for (int j = 0; j < d; j++) {
                    out[row * d + j] += (float) (v[p] * atoms.data()[atom + j]);
                }
            }
        });
        return new FloatMatrix(n, d, out);
    }

    private static int[] support(FloatMatrix codes, int row) {
        int c = codes.cols();
        return IntStream.range(0, c).filter(j -> codes.data()[row * c + j] != 0).toArray();
    }

    /** G_SS = D_S·D_Sᵀ in double (s × s). */
    private static double[] restrictedGram(FloatMatrix atoms, int[] support) {
        int s = support.length;
        int d = atoms.cols();
        double[] gram = new double[s * s];
        for (int p = 0; p < s; p++) {
            for (int q = p; q < s; q++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += (double) atoms.data()[support[p] * d + j] * atoms.data()[support[q] * d + j];
                }
                gram[p * s + q] = dot;
                gram[q * s + p] = dot;
            }
        }
        return gram;
    }

    /** G⁻¹·b, or the pseudo-inverse's G⁺·b when G is singular. */
    private static double[] solve(double[] gram, int s, double[] b) {
        Cholesky factor = Cholesky.factor(gram, s, 0, SINGULAR);
        if (factor != null) {
            double[] x = b.clone();
            factor.solveInPlace(x);
            return x;
        }
        SymmetricEigen eigen = SymmetricEigen.of(gram, s);
        double floor = SINGULAR * Math.max(eigen.values()[0], 0);
        double[] x = new double[s];
        for (int k = 0; k < s; k++) {
            double value = eigen.values()[k];
            if (value <= floor || value <= 0) {
                continue;
            }
            double[] vector = eigen.vectors()[k];
            double along = 0;
            for (int p = 0; p < s; p++) {
                along += vector[p] * b[p];
            }
            for (int p = 0; p < s; p++) {
                x[p] += vector[p] * along / value;
            }
        }
        return x;
    }
}
