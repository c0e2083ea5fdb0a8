package dev.facet.dictionaries.sae.sparse;

import dev.facet.dictionaries.linalg.Matrices;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The sparse products of a training step, visiting the dictionary atom by atom: selected entries
 * are grouped by atom (a counting sort), so each selected atom row of D (c × d, in the engine's
 * memory) is read once as part of a sequential stream, and each gradient row is written once,
 * while the per-sample vectors (a few MB) stay in cache. Reading D sample by sample instead
 * fetches every atom row once per use, which is bound by memory bandwidth.
 *
 * <p>Entries are described by parallel arrays: {@code atoms[j]} (concept), {@code values[j]}
 * (selected activation), {@code rows[j]} (row of the per-sample matrix the entry pairs with).
 */
final class AtomMajor {

    private final int concepts;
    private final int[] start;
    private final int[] order;
    private final int parts;

    /** Threads (and per-thread scratch arrays) {@link #scatter} uses. */
    static final int SCATTER_THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    /** Groups the entries of {@code atoms} by atom. */
    AtomMajor(int[] atoms, int concepts) {
        this.concepts = concepts;
        this.start = new int[concepts + 1];
        for (int atom : atoms) {
            start[atom + 1]++;
        }
        for (int a = 0; a < concepts; a++) {
            start[a + 1] += start[a];
        }
        int[] fill = Arrays.copyOf(start, concepts);
        this.order = new int[atoms.length];
        for (int j = 0; j < atoms.length; j++) {
            order[fill[atoms[j]]++] = j;
        }
        this.parts = Math.max(1, Math.min(64, concepts / 32));
    }

    private void forEachAtomRange(RangeBody body) {
        IntStream.range(0, parts).parallel().forEach(part -> body.run(
                (int) ((long) concepts * part / parts), (int) ((long) concepts * (part + 1) / parts)));
    }

    @FunctionalInterface
    private interface RangeBody {
        void run(int from, int to);
    }

    @FunctionalInterface
    private interface EntryBody {
        void visit(float[] atomRow, int entry);
    }

    /** Loads each used atom in [from, to) once and visits its entries with the loaded row. */
    private void visitAtoms(int from, int to, FloatBuffer atomRows, int d, EntryBody body) {
        float[] atomRow = new float[d];
        for (int a = from; a < to; a++) {
            if (start[a] == start[a + 1]) {
                continue;
            }
            atomRows.get(a * d, atomRow, 0, d);
            for (int e = start[a]; e < start[a + 1]; e++) {
                body.visit(atomRow, order[e]);
            }
        }
    }

    /**
     * {@code out[rows[j]] += values[j]·D[atoms[j]]}: (outRows × d), summed over per-thread copies.
     *
     * @param scratch per-thread output arrays from an earlier call, reused (zeroed) when their size fits
     */
    float[] scatter(float[] values, int[] rows, int outRows, FloatBuffer atomRows, int d, float[][] scratch) {
        int threads = scratch.length;
        float[][] partial = scratch;
        IntStream.range(0, threads).parallel().forEach(t -> {
            float[] out = partial[t] != null && partial[t].length == outRows * d ? partial[t] : new float[outRows * d];
            Arrays.fill(out, 0f);
            visitAtoms((int) ((long) concepts * t / threads), (int) ((long) concepts * (t + 1) / threads), atomRows,
                    d, (atomRow, j) -> SparseKernels.axpy(values[j], atomRow, 0, out, rows[j] * d, d));
            partial[t] = out;
        });
        float[] sum = new float[outRows * d];
        for (int t = 0; t < threads; t++) {
            float[] other = partial[t];
            SparseKernels.forEachRow(outRows, i -> SparseKernels.axpy(1f, other, i * d, sum, i * d, d));
        }
        return sum;
    }

    /** {@code out[j] = U[rows[j]]·D[atoms[j]]} for every entry. */
    float[] dots(int[] rows, float[] upstream, FloatBuffer atomRows, int d) {
        float[] out = new float[order.length];
        forEachAtomRange((from, to) -> visitAtoms(from, to, atomRows, d,
                (atomRow, j) -> out[j] = Matrices.dot(upstream, rows[j] * d, atomRow, 0, d)));
        return out;
    }

    /**
     * Row a of the first output is Σ_{atoms[j] = a} weightsA[j]·A[rowsA[j]], of the second the same
     * with B; rows of atoms without entries are zero. Both outputs are c × d, written row by row.
     * With {@code sum} both sums go to the first output and the second is not written. With
     * {@code unitAtoms} (D with unit rows), the component of each first-output row parallel to its
     * atom is removed, g ← g − (g·dₐ)dₐ, as the l2 dictionary constraint asks.
     */
    void transposeTimes(float[] weightsA, int[] rowsA, float[] matrixA, float[] weightsB, int[] rowsB,
                        float[] matrixB, int d, FloatBuffer outA, FloatBuffer outB, boolean sum,
                        FloatBuffer unitAtoms) {
        forEachAtomRange((from, to) -> {
            float[] rowA = new float[d];
            float[] rowB = new float[d];
            float[] atom = new float[d];
            for (int a = from; a < to; a++) {
                Arrays.fill(rowA, 0f);
                Arrays.fill(rowB, 0f);
                for (int e = start[a]; e < start[a + 1]; e++) {
                    int j = order[e];
                    SparseKernels.axpy(weightsA[j], matrixA, rowsA[j] * d, rowA, 0, d);
                    SparseKernels.axpy(weightsB[j], matrixB, rowsB[j] * d, sum ? rowA : rowB, 0, d);
                }
                if (unitAtoms != null && start[a] < start[a + 1]) {
                    unitAtoms.get(a * d, atom, 0, d);
                    SparseKernels.axpy(-Matrices.dot(rowA, 0, atom, 0, d), atom, 0, rowA, 0, d);
                }
                outA.put(a * d, rowA, 0, d);
                if (!sum) {
                    outB.put(a * d, rowB, 0, d);
                }
            }
        });
    }
}
