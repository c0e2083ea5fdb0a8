package dev.facet.dictionaries.sae.sparse;

/**
 * Every selected entry of a step (the main selection, then the AuxK selection) with what its
 * gradients need: atom, value, row of the upstream matrix, gradient of its pre-activation, and
 * sample row.
 */
record Entries(int[] atoms, float[] values, int[] upstreamRows, float[] preGradients, int[] sampleRows,
               float[] upstream) {

    Entries(SparseSelection selection, int[] upstreamRows, float[] preGradients, float[] upstream) {
        this(selection.atoms(), selection.values(), upstreamRows, preGradients, sampleRows(selection), upstream);
    }

    /** These entries followed by {@code other}'s, whose upstream rows follow this upstream matrix. */
    Entries with(SparseSelection other, int[] otherUpstreamRows, float[] otherPreGradients, float[] otherUpstream,
                 int d) {
        int offsetRows = upstream.length / d;
        int[] shifted = new int[otherUpstreamRows.length];
        for (int j = 0; j < shifted.length; j++) {
            shifted[j] = offsetRows + otherUpstreamRows[j];
        }
        return new Entries(concat(atoms, other.atoms()), concat(values, other.values()), concat(upstreamRows, shifted),
                concat(preGradients, otherPreGradients), concat(sampleRows, sampleRows(other)),
                concat(upstream, otherUpstream));
    }

    private static int[] sampleRows(SparseSelection selection) {
        int[] rows = new int[selection.nnz()];
        for (int i = 0; i < selection.rows(); i++) {
            for (int j = selection.rowStart()[i]; j < selection.rowStart()[i + 1]; j++) {
                rows[j] = i;
            }
        }
        return rows;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
