package dev.facet.dictionaries.sae;

import dev.facet.spi.tensor.Codes;
import java.util.Arrays;

/** Collects the non-zeros of dense code rows, chunk by chunk, into one compressed-row {@link Codes}. */
final class CodesBuilder {

    private final int rows;
    private final int concepts;
    private final int[] rowStart;
    private int[] indices = new int[1024];
    private float[] values = new float[1024];
    private int row;
    private int nnz;

    CodesBuilder(int rows, int concepts) {
        this.rows = rows;
        this.concepts = concepts;
        this.rowStart = new int[rows + 1];
    }

    void addDenseRows(float[] dense, int count) {
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < concepts; j++) {
                float v = dense[r * concepts + j];
                if (v != 0) {
                    if (nnz == indices.length) {
                        indices = Arrays.copyOf(indices, nnz * 2);
                        values = Arrays.copyOf(values, nnz * 2);
                    }
                    indices[nnz] = j;
                    values[nnz++] = v;
                }
            }
            rowStart[++row] = nnz;
        }
    }

    Codes build() {
        if (row != rows) {
            throw new IllegalStateException("Built " + row + " of " + rows + " code rows");
        }
        return new Codes(rows, concepts, rowStart, Arrays.copyOf(indices, nnz), Arrays.copyOf(values, nnz));
    }
}
