package dev.facet.dictionaries.sae.sparse;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Dot products between selected atoms and per-sample vectors, {@code out[j] = U[row[j]] · D[atom[j]]}
 * for every selected entry j, visiting the dictionary atom by atom: each selected atom row is read
 * once from the engine's memory (a sequential stream over D) while the sample vectors U, a few MB,
 * stay in cache. Reading D sample by sample instead would fetch every atom row once per use.
 */
final class AtomMajorDots {

    private AtomMajorDots() {
    }

    /**
     * @param atoms    atom index of each entry
     * @param rows     row of U for each entry
     * @param upstream U, row-major with rows of length d
     * @param atomRows D (c × d), row-major, read through absolute bulk gets
     */
    static float[] compute(int[] atoms, int[] rows, float[] upstream, FloatBuffer atomRows, int concepts, int d) {
        int nnz = atoms.length;
        int[] start = new int[concepts + 1];
        for (int atom : atoms) {
            start[atom + 1]++;
        }
        for (int a = 0; a < concepts; a++) {
            start[a + 1] += start[a];
        }
        int[] fill = start.clone();
        int[] order = new int[nnz];
        for (int j = 0; j < nnz; j++) {
            order[fill[atoms[j]]++] = j;
        }
        float[] out = new float[nnz];
        int parts = Math.max(1, Math.min(64, concepts / 64));
        IntStream.range(0, parts).parallel().forEach(part -> {
            float[] atomRow = new float[d];
            int from = (int) ((long) concepts * part / parts);
            int to = (int) ((long) concepts * (part + 1) / parts);
            for (int a = from; a < to; a++) {
                if (start[a] == start[a + 1]) {
                    continue;
                }
                atomRows.get(a * d, atomRow, 0, d);
                for (int e = start[a]; e < start[a + 1]; e++) {
                    int j = order[e];
                    out[j] = SparseKernels.dot(upstream, rows[j] * d, atomRow, 0, d);
                }
            }
        });
        return out;
    }
}
