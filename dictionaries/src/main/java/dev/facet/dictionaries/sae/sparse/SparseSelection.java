package dev.facet.dictionaries.sae.sparse;

/**
 * The codes chosen for one batch in compressed-row form: row i holds entries
 * {@code rowStart[i] .. rowStart[i+1]-1} of {@code atoms} (concept indices) and {@code values}
 * (activations, all positive). Within a row, atoms are in increasing order.
 */
public record SparseSelection(int rows, int[] rowStart, int[] atoms, float[] values) {

    public int nnz() {
        return rowStart[rows];
    }

    /** Builds a selection from per-row candidates, keeping those with value ≥ threshold and > 0. */
    static SparseSelection fromCandidates(int rows, int perRow, long[] candidateAtoms, float[] candidateValues,
                                          float threshold) {
        int[] rowStart = new int[rows + 1];
        int count = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < perRow; j++) {
                float v = candidateValues[i * perRow + j];
                if (v > 0 && v >= threshold) {
                    count++;
                }
            }
            rowStart[i + 1] = count;
        }
        int[] atoms = new int[count];
        float[] values = new float[count];
        long[] packed = new long[perRow];
        for (int i = 0; i < rows; i++) {
            int n = 0;
            for (int j = 0; j < perRow; j++) {
                float v = candidateValues[i * perRow + j];
                if (v > 0 && v >= threshold) {
                    packed[n++] = (candidateAtoms[i * perRow + j] << 32) | (Float.floatToRawIntBits(v) & 0xffffffffL);
                }
            }
            java.util.Arrays.sort(packed, 0, n);
            int base = rowStart[i];
            for (int a = 0; a < n; a++) {
                atoms[base + a] = (int) (packed[a] >>> 32);
                values[base + a] = Float.intBitsToFloat((int) packed[a]);
            }
        }
        return new SparseSelection(rows, rowStart, atoms, values);
    }

    /** Which atoms are used at least once. */
    public boolean[] fired(int concepts) {
        boolean[] fired = new boolean[concepts];
        for (int a : atoms) {
            fired[a] = true;
        }
        return fired;
    }
}
