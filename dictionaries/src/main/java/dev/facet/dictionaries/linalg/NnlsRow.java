package dev.facet.dictionaries.linalg;

import java.util.Arrays;

/**
 * One row of the batched NNLS of {@link Nnls#solve}: minimise ½·zᵀGz − bᵀz over z ≥ 0 for a c × c
 * Gram matrix G shared by all rows, by exact coordinate descent with face steps (see {@link Nnls}
 * for the method and docs/algorithms.md#batched-nnls). Holds the work arrays of one thread; {@link
 * #solve} is called once per row.
 */
final class NnlsRow {

    /** A face step refuses a support whose Cholesky pivot falls to this fraction of its diagonal entry. */
    private static final double PIVOT_FLOOR = 1e-10;

    private final int c;
    private final double[] gram;
    private final double[] diagonal;
    /** √G_jj, the norm of atom j; 0 for a zero atom, whose coordinate stays 0. */
    private final double[] norm;
    private final double[] rhs;
    private final double[] z;
    private final double[] gradient;
    /** Scratch: the indices a face step holds fixed. */
    private final int[] support;
    /** Scratch: the face solution in factor order. */
    private final double[] target;
    private final UpdatableCholesky factor;

    NnlsRow(double[] gram, int c) {
        this.c = c;
        this.gram = gram;
        diagonal = new double[c];
        norm = new double[c];
        for (int j = 0; j < c; j++) {
            diagonal[j] = gram[j * c + j];
            norm[j] = diagonal[j] > 0 ? Math.sqrt(diagonal[j]) : 0;
        }
        rhs = new double[c];
        z = new double[c];
        gradient = new double[c];
        support = new int[c];
        target = new double[c];
        factor = new UpdatableCholesky(gram, c, PIVOT_FLOOR);
    }

    /** The outcome of one row: sweeps used and the final KKT residual (see {@link #residual}). */
    record Outcome(int sweeps, double residual) {
    }

    /**
     * Solves the row with right-hand side {@code b[offset .. offset + c)}, starting from {@code
     * codes[offset ..]} (negative entries clamped to 0) and writing the solution there.
     *
     * @param maxSweeps at most this many coordinate sweeps
     * @param tolerance stop once {@link #residual} is at most this
     */
    Outcome solve(float[] b, float[] codes, int offset, int maxSweeps, double tolerance) {
        double scale = 0;
        for (int j = 0; j < c; j++) {
            rhs[j] = b[offset + j];
            z[j] = norm[j] > 0 ? Math.max(0, codes[offset + j]) : 0;
            if (norm[j] > 0) {
                scale = Math.max(scale, Math.abs(rhs[j]) / norm[j]);
            }
        }
        factor.clear();
        if (scale == 0) {
            // b = 0 on every live coordinate: ½·zᵀGz ≥ 0 is smallest at z = 0.
            Arrays.fill(codes, offset, offset + c, 0f);
            return new Outcome(0, 0);
        }
        recomputeGradient();
        double residual = residual(scale);
        int sweeps = 0;
        // Whether z is where a face step on the current support leaves it (another would not move).
        boolean atFace = false;
        while (residual > tolerance && sweeps < maxSweeps) {
            sweeps++;
            if (sweep()) {
                atFace = false;
            }
            if (!atFace) {
                atFace = faceStep();
            }
            residual = residual(scale);
        }
        for (int j = 0; j < c; j++) {
            codes[offset + j] = (float) z[j];
        }
        return new Outcome(sweeps, residual);
    }

    /**
     * One pass of exact coordinate minimisation, z_j ← max(0, z_j − ∇_j/G_jj) for every live j,
     * keeping ∇ = G·z − b current. Returns whether a coordinate entered or left the support.
     */
    private boolean sweep() {
        boolean changed = false;
        for (int j = 0; j < c; j++) {
            if (norm[j] == 0) {
                continue;
            }
            double old = z[j];
            double next = Math.max(0, old - gradient[j] / diagonal[j]);
            if (next != old) {
                z[j] = next;
                axpy(next - old, j);
                changed |= (old > 0) != (next > 0);
            }
        }
        return changed;
    }

    /**
     * Moves from z towards y, the minimiser over the face of the support P = {j : z_j > 0} (z_j = 0
     * off P), stopping where the first coordinate of P reaches 0 (the step of Lawson and Hanson).
     * y_P = G_PP⁻¹·b_P by the {@link UpdatableCholesky} of the last face step brought to P. An index
     * of P that the factor refuses (its atom numerically a combination of the others) keeps its
     * value, and the others solve against b minus its share. The objective is convex along the
     * segment with its minimum at y, so the step never raises it. Returns false when the step was
     * cut short, so that the support shrank.
     */
    private boolean faceStep() {
        for (int t = factor.size() - 1; t >= 0; t--) {
            if (z[factor.index(t)] == 0) {
                factor.remove(t);
            }
        }
        int fixed = 0;
        for (int j = 0; j < c; j++) {
            if (z[j] > 0 && !factor.contains(j) && !factor.add(j)) {
                support[fixed++] = j;
            }
        }
        int p = factor.size();
        if (p == 0) {
            return true;
        }
        for (int t = 0; t < p; t++) {
            int j = factor.index(t);
            double v = rhs[j];
            for (int f = 0; f < fixed; f++) {
                v -= gram[j * c + support[f]] * z[support[f]];
            }
            target[t] = v;
        }
        factor.solveInPlace(target);
        double alpha = 1;
        int blocking = -1;
        for (int t = 0; t < p; t++) {
            double now = z[factor.index(t)];
            if (target[t] <= 0) {
                double ratio = now / (now - target[t]);
                if (ratio < alpha) {
                    alpha = ratio;
                    blocking = t;
                }
            }
        }
        for (int t = 0; t < p; t++) {
            int j = factor.index(t);
            z[j] = t == blocking ? 0 : Math.max(0, z[j] + alpha * (target[t] - z[j]));
        }
        recomputeGradient();
        return blocking < 0;
    }

    /**
     * The KKT residual max_j |min(z_j·‖d_j‖, ∇_j/‖d_j‖)| / max_j (|b_j|/‖d_j‖) over live j: the
     * largest violation of z ≥ 0, ∇ ≥ 0, z_j·∇_j = 0 in the coordinates of unit atoms, relative to
     * the largest |⟨x, d_j⟩|/‖d_j‖. Zero exactly at the solution and unchanged by rescaling atoms.
     */
    private double residual(double scale) {
        double worst = 0;
        for (int j = 0; j < c; j++) {
            if (norm[j] > 0) {
                worst = Math.max(worst, Math.abs(Math.min(z[j] * norm[j], gradient[j] / norm[j])));
            }
        }
        return worst / scale;
    }

    /** ∇ = G·z − b from scratch, over the non-zero coordinates of z. */
    private void recomputeGradient() {
        for (int j = 0; j < c; j++) {
            gradient[j] = -rhs[j];
        }
        for (int k = 0; k < c; k++) {
            if (z[k] != 0) {
                axpy(z[k], k);
            }
        }
    }

    /** ∇ += delta·G_k (row k of the symmetric G). */
    private void axpy(double delta, int k) {
        int base = k * c;
        for (int j = 0; j < c; j++) {
            gradient[j] += delta * gram[base + j];
        }
    }
}
