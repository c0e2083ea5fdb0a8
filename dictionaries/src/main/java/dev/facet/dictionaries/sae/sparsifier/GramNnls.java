package dev.facet.dictionaries.sae.sparsifier;

/**
 * Exact non-negative least squares on a small system in normal-equation form, by the active-set
 * method of Lawson and Hanson (1974, "Solving Least Squares Problems", ch. 23): minimise
 * ½·zᵀGz − bᵀz subject to z ≥ 0 (the same as ‖x − zA‖² with G = AAᵀ, b = Ax), in double
 * precision on the heap. Coordinates not {@code allowed} stay zero.
 */
final class GramNnls {

    /** A coordinate enters the passive set only when its gradient exceeds this fraction of max|b|. */
    private static final double ENTRY_TOLERANCE = 1e-7;
    /** Pivots below this fraction of the largest diagonal count as singular. */
    private static final double PIVOT_TOLERANCE = 1e-12;

    private GramNnls() {
    }

    /**
     * Solves one system.
     *
     * @param m        the size
     * @param gram     G, m × m row-major (symmetric, positive semi-definite)
     * @param rhs      b (m)
     * @param allowed  coordinates that may be non-zero
     * @param solution in: a warm start (its positive allowed coordinates start passive; zeros for a
     *                 cold start); out: z (m), zero outside the final passive set
     * @param inverse  out, may be null: (G_PP)⁻¹ on the final passive set P (positive coordinates),
     *                 zero elsewhere, m × m row-major
     */
    static void solve(int m, double[] gram, double[] rhs, boolean[] allowed, double[] solution, double[] inverse) {
        double[] z = solution;
        boolean[] passive = new boolean[m];
        boolean[] candidate = allowed.clone();
        double scale = 0;
        double maxDiagonal = 0;
        for (int i = 0; i < m; i++) {
            if (allowed[i]) {
                scale = Math.max(scale, Math.abs(rhs[i]));
                maxDiagonal = Math.max(maxDiagonal, gram[i * m + i]);
            }
            passive[i] = allowed[i] && z[i] > 0;
            if (!passive[i]) {
                z[i] = 0;
            }
        }
        double tolerance = ENTRY_TOLERANCE * scale;
        double[] y = new double[m];
        double[] factor = new double[m * m];
        boolean warm = false;
        for (int i = 0; i < m; i++) {
            warm |= passive[i];
        }
        if (warm && scale > 0 && !settle(m, gram, rhs, passive, -1, maxDiagonal, factor, y, z)) {
            // A dependent warm start: start cold.
            java.util.Arrays.fill(passive, false);
            java.util.Arrays.fill(z, 0, m, 0);
        }
        for (int outer = 0; outer < 3 * m + 3 && scale > 0; outer++) {
            int entering = -1;
            double best = tolerance;
            for (int i = 0; i < m; i++) {
                if (candidate[i] && !passive[i]) {
                    double w = rhs[i];
                    for (int j = 0; j < m; j++) {
                        w -= gram[i * m + j] * z[j];
                    }
                    if (w > best) {
                        best = w;
                        entering = i;
                    }
                }
            }
            if (entering < 0) {
                break;
            }
            passive[entering] = true;
            if (!settle(m, gram, rhs, passive, entering, maxDiagonal, factor, y, z)) {
                // The entering coordinate is (numerically) dependent on the passive ones or does not help.
                passive[entering] = false;
                candidate[entering] = false;
            }
        }
        for (int i = 0; i < m; i++) {
            if (!passive[i] || z[i] <= 0) {
                z[i] = 0;
                passive[i] = false;
            }
        }
        if (inverse != null) {
            invertPassive(m, gram, passive, maxDiagonal, factor, inverse);
        }
    }

    /**
     * The inner loop of Lawson–Hanson: solve on P; while that leaves P infeasible, move from z
     * towards the solve until the first passive coordinate reaches zero, drop it, and solve again.
     * Returns false, changing nothing, when the first solve fails (G_PP numerically singular) or
     * gives the {@code entering} coordinate (−1 for none) a non-positive value.
     */
    private static boolean settle(int m, double[] gram, double[] rhs, boolean[] passive, int entering,
                                  double maxDiagonal, double[] factor, double[] y, double[] z) {
        for (int inner = 0; inner < 3 * m + 3; inner++) {
            if (!solvePassive(m, gram, rhs, passive, maxDiagonal, factor, y)) {
                if (inner == 0) {
                    return false;
                }
                // Cannot happen in exact arithmetic (a subset of an independent set); keep the feasible z.
                for (int i = 0; i < m; i++) {
                    passive[i] &= z[i] > 0;
                }
                return true;
            }
            if (inner == 0 && entering >= 0 && y[entering] <= 0) {
                return false;
            }
            double alpha = Double.POSITIVE_INFINITY;
            int leaving = -1;
            for (int i = 0; i < m; i++) {
                if (passive[i] && y[i] <= 0) {
                    double ratio = z[i] / (z[i] - y[i]);
                    if (ratio < alpha) {
                        alpha = ratio;
                        leaving = i;
                    }
                }
            }
            if (leaving < 0) {
                System.arraycopy(y, 0, z, 0, m);
                return true;
            }
            for (int i = 0; i < m; i++) {
                if (passive[i]) {
                    z[i] += alpha * (y[i] - z[i]);
                }
            }
            z[leaving] = 0;
            passive[leaving] = false;
            for (int i = 0; i < m; i++) {
                if (passive[i] && z[i] <= 0) {
                    z[i] = 0;
                    passive[i] = false;
                }
            }
        }
        return true;
    }

    /** y = (G_PP)⁻¹ b_P on P, 0 elsewhere; false when G_PP is numerically singular. */
    private static boolean solvePassive(int m, double[] gram, double[] rhs, boolean[] passive, double maxDiagonal,
                                        double[] factor, double[] y) {
        int[] index = passiveIndex(m, passive);
        int p = index.length;
        if (!cholesky(m, gram, index, maxDiagonal, factor)) {
            return false;
        }
        double[] v = new double[p];
        for (int i = 0; i < p; i++) {
            v[i] = rhs[index[i]];
        }
        choleskySolve(p, factor, v);
        java.util.Arrays.fill(y, 0, m, 0);
        for (int i = 0; i < p; i++) {
            y[index[i]] = v[i];
        }
        return true;
    }

    private static void invertPassive(int m, double[] gram, boolean[] passive, double maxDiagonal, double[] factor,
                                      double[] inverse) {
        java.util.Arrays.fill(inverse, 0, m * m, 0);
        int[] index = passiveIndex(m, passive);
        int p = index.length;
        if (p == 0 || !cholesky(m, gram, index, maxDiagonal, factor)) {
            return;
        }
        double[] column = new double[p];
        for (int j = 0; j < p; j++) {
            java.util.Arrays.fill(column, 0);
            column[j] = 1;
            choleskySolve(p, factor, column);
            for (int i = 0; i < p; i++) {
                inverse[index[i] * m + index[j]] = column[i];
            }
        }
    }

    private static int[] passiveIndex(int m, boolean[] passive) {
        int p = 0;
        for (int i = 0; i < m; i++) {
            p += passive[i] ? 1 : 0;
        }
        int[] index = new int[p];
        for (int i = 0, at = 0; i < m; i++) {
            if (passive[i]) {
                index[at++] = i;
            }
        }
        return index;
    }

    /** Lower Cholesky factor L (p × p, row-major in {@code factor}) of G restricted to {@code index}. */
    private static boolean cholesky(int m, double[] gram, int[] index, double maxDiagonal, double[] factor) {
        int p = index.length;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = gram[index[i] * m + index[j]];
                for (int l = 0; l < j; l++) {
                    sum -= factor[i * p + l] * factor[j * p + l];
                }
                if (i == j) {
                    if (!(sum > PIVOT_TOLERANCE * maxDiagonal)) {
                        return false;
                    }
                    factor[i * p + i] = Math.sqrt(sum);
                } else {
                    factor[i * p + j] = sum / factor[j * p + j];
                }
            }
        }
        return true;
    }

    /** Solves L·Lᵀ·v = v in place. */
    private static void choleskySolve(int p, double[] factor, double[] v) {
        for (int i = 0; i < p; i++) {
            double sum = v[i];
            for (int l = 0; l < i; l++) {
                sum -= factor[i * p + l] * v[l];
            }
            v[i] = sum / factor[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double sum = v[i];
            for (int l = i + 1; l < p; l++) {
                sum -= factor[l * p + i] * v[l];
            }
            v[i] = sum / factor[i * p + i];
        }
    }
}
