package dev.facet.dictionaries.linalg;

import java.util.Arrays;

/**
 * The Cholesky factor L·Lᵀ = G_PP of a symmetric positive semi-definite c × c matrix G restricted to
 * a changing index set P, kept current as indices enter and leave instead of refactored (Golub and
 * Van Loan, "Matrix Computations", 4th ed., §6.5): an entering index appends a row found by one
 * triangular solve (O(|P|²)); a leaving index deletes its row, and Givens rotations of adjacent
 * columns restore the triangle (O(|P|²) at most). Used by the face steps of {@link NnlsRow}, whose
 * support changes by a few indices between steps. Not thread-safe.
 */
final class UpdatableCholesky {

    private final int c;
    private final double[] gram;
    private final double pivotFloor;
    /** L, row i holding columns 0..i, stride c. */
    private final double[] lower;
    /** The indices of P in factor order. */
    private final int[] order;
    /** The factor position of every index, −1 outside P. */
    private final int[] position;
    private int size;

    /**
     * @param gram       G, c × c row-major
     * @param pivotFloor an index is refused when its pivot falls to this fraction of its diagonal entry
     */
    UpdatableCholesky(double[] gram, int c, double pivotFloor) {
        this.c = c;
        this.gram = gram;
        this.pivotFloor = pivotFloor;
        lower = new double[c * c];
        order = new int[c];
        position = new int[c];
        Arrays.fill(position, -1);
    }

    /** |P|. */
    int size() {
        return size;
    }

    /** The index at factor position {@code t}. */
    int index(int t) {
        return order[t];
    }

    boolean contains(int index) {
        return position[index] >= 0;
    }

    /** Empties P. */
    void clear() {
        for (int t = 0; t < size; t++) {
            position[order[t]] = -1;
        }
        size = 0;
    }

    /**
     * Adds {@code index} to P. Returns false, changing nothing, when its pivot
     * G_jj − ‖L⁻¹·G_Pj‖² is at most the floor times G_jj (G_jj is then numerically a combination
     * of P).
     */
    boolean add(int index) {
        int p = size;
        int row = p * c;
        double pivot = gram[index * c + index];
        for (int i = 0; i < p; i++) {
            double s = gram[order[i] * c + index];
            int base = i * c;
            for (int k = 0; k < i; k++) {
                s -= lower[base + k] * lower[row + k];
            }
            double v = s / lower[base + i];
            lower[row + i] = v;
            pivot -= v * v;
        }
        if (!(pivot > pivotFloor * gram[index * c + index])) {
            return false;
        }
        lower[row + p] = Math.sqrt(pivot);
        order[p] = index;
        position[index] = p;
        size++;
        return true;
    }

    /** Removes the index at factor position {@code t} from P. */
    void remove(int t) {
        position[order[t]] = -1;
        int last = size - 1;
        // Drop row t: rows below move up and each keeps one entry right of the diagonal.
        for (int i = t; i < last; i++) {
            System.arraycopy(lower, (i + 1) * c, lower, i * c, i + 2);
            order[i] = order[i + 1];
            position[order[i]] = i;
        }
        // Rotate columns k and k + 1 to zero that entry of row k, down the rows that have it.
        for (int k = t; k < last; k++) {
            double a = lower[k * c + k];
            double b = lower[k * c + k + 1];
            double r = Math.hypot(a, b);
            double cos = a / r;
            double sin = b / r;
            for (int i = k; i < last; i++) {
                double x = lower[i * c + k];
                double y = lower[i * c + k + 1];
                lower[i * c + k] = cos * x + sin * y;
                lower[i * c + k + 1] = cos * y - sin * x;
            }
            lower[k * c + k + 1] = 0;
        }
        size = last;
    }

    /** Solves G_PP·y = v in place for {@code v} in factor order (length |P|). */
    void solveInPlace(double[] v) {
        int p = size;
        for (int i = 0; i < p; i++) {
            double s = v[i];
            int base = i * c;
            for (int k = 0; k < i; k++) {
                s -= lower[base + k] * v[k];
            }
            v[i] = s / lower[base + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double s = v[i];
            for (int k = i + 1; k < p; k++) {
                s -= lower[k * c + i] * v[k];
            }
            v[i] = s / lower[i * c + i];
        }
    }
}
