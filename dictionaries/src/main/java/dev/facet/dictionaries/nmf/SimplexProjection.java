package dev.facet.dictionaries.nmf;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exact Euclidean projection onto the probability simplex Δ = {w : w ≥ 0, Σ wᵢ = 1}, row by row:
 * {@code P(v) = argmin_{w ∈ Δ} ‖w − v‖₂}.
 *
 * <p>Algorithm: the sort-based method of Held, Wolfe and Crowder (1974, "Validation of
 * subgradient optimization"), as stated by Duchi, Shalev-Shwartz, Singer and Chandra (2008,
 * "Efficient projections onto the ℓ1-ball for learning in high dimensions", Fig. 1). Sort v
 * decreasingly into u, let ρ = max{j : u_j − (Σ_{i≤j} u_i − 1)/j > 0} and
 * θ = (Σ_{i≤ρ} u_i − 1)/ρ; then P(v)ᵢ = max(vᵢ − θ, 0). O(c log c) per row, computed in double.
 * This is the true projection (docs/algorithms.md#simplex-projection), not a softmax renormalisation.
 * Rows of a matrix are projected in parallel.
 */
public final class SimplexProjection {

    private SimplexProjection() {
    }

    /** The projection of {@code v} onto the probability simplex, as a new array. */
    public static double[] project(double[] v) {
        if (v.length == 0) {
            throw new InvalidDataException("Cannot project an empty vector onto the simplex; expected length >= 1");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new InvalidDataException("Simplex projection input holds " + v[i] + " at index " + i
                        + "; expected finite values");
            }
        }
        double[] out = v.clone();
        projectInPlace(out, 0, out.length, new double[out.length]);
        return out;
    }

    /** A new matrix whose rows are the projections of the rows of {@code m} (which must be finite). */
    public static FloatMatrix projectRows(FloatMatrix m) {
        m.requireFinite("simplex projection input");
        FloatMatrix out = new FloatMatrix(m.rows(), m.cols(), m.data().clone());
        projectRowsInPlace(out);
        return out;
    }

    /**
     * Projects every row of {@code m} in place.
     *
     * @throws InvalidDataException when {@code m} has no columns but has rows
     */
    public static void projectRowsInPlace(FloatMatrix m) {
        int n = m.rows();
        int c = m.cols();
        if (n > 0 && c == 0) {
            throw new InvalidDataException("Cannot project rows of width 0 onto the simplex; expected width >= 1");
        }
        float[] data = m.data();
        int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 4));
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = (int) ((long) n * block / blocks);
            int to = (int) ((long) n * (block + 1) / blocks);
            double[] row = new double[c];
            double[] sorted = new double[c];
            for (int r = from; r < to; r++) {
                for (int j = 0; j < c; j++) {
                    row[j] = data[r * c + j];
                }
                projectInPlace(row, 0, c, sorted);
                for (int j = 0; j < c; j++) {
                    data[r * c + j] = (float) row[j];
                }
            }
        });
    }

    /** Projects {@code v[offset, offset + length)} in place; {@code scratch} holds at least {@code length}. */
    static void projectInPlace(double[] v, int offset, int length, double[] scratch) {
        System.arraycopy(v, offset, scratch, 0, length);
        Arrays.sort(scratch, 0, length);
        // scratch is increasing; walk it decreasingly.
        double cumulative = 0;
        double theta = 0;
        for (int j = 1; j <= length; j++) {
            double u = scratch[length - j];
            cumulative += u;
            double candidate = (cumulative - 1) / j;
            if (u - candidate > 0) {
                theta = candidate;
            }
        }
        for (int i = offset; i < offset + length; i++) {
            v[i] = Math.max(v[i] - theta, 0);
        }
    }
}
