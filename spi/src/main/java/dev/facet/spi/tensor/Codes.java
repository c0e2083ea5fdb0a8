package dev.facet.spi.tensor;

import dev.facet.spi.InvalidDataException;
import java.util.Arrays;

/**
 * Sparse concept codes: for each row (sample or token) the active concept indices and their
 * values, stored compressed by row (CSR). TopK-like learners produce k entries per row; dense
 * learners use {@link #fromDense(FloatMatrix)}. Indices within a row are strictly increasing.
 */
public final class Codes {
    private final int rows;
    private final int concepts;
    private final int[] rowStart;
    private final int[] indices;
    private final float[] values;

    /**
     * @param rows     number of rows
     * @param concepts size of the dictionary, the exclusive bound of every index
     * @param rowStart {@code rows + 1} offsets into {@code indices}/{@code values}, non-decreasing
     * @param indices  concept index of each stored value, strictly increasing within a row
     * @param values   stored values
     */
    public Codes(int rows, int concepts, int[] rowStart, int[] indices, float[] values) {
        if (rows < 0 || concepts < 0) {
            throw new InvalidDataException("Codes need rows >= 0 and concepts >= 0, found " + rows + " and " + concepts);
        }
        if (rowStart.length != rows + 1 || rowStart[0] != 0) {
            throw new InvalidDataException("Codes need " + (rows + 1) + " row offsets starting at 0, found "
                    + rowStart.length);
        }
        if (indices.length != values.length || rowStart[rows] != indices.length) {
            throw new InvalidDataException("Codes hold " + indices.length + " indices and " + values.length
                    + " values but the row offsets end at " + rowStart[rows]);
        }
        for (int r = 0; r < rows; r++) {
            if (rowStart[r + 1] < rowStart[r]) {
                throw new InvalidDataException("Row offsets decrease at row " + r);
            }
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                if (indices[j] < 0 || indices[j] >= concepts) {
                    throw new InvalidDataException("Concept index " + indices[j] + " in row " + r
                            + " is outside [0, " + concepts + ")");
                }
                if (j > rowStart[r] && indices[j] <= indices[j - 1]) {
                    throw new InvalidDataException("Concept indices in row " + r + " must be strictly increasing");
                }
            }
        }
        this.rows = rows;
        this.concepts = concepts;
        this.rowStart = rowStart.clone();
        this.indices = indices.clone();
        this.values = values.clone();
    }

    /** The non-zero entries of a dense (rows x concepts) matrix. */
    public static Codes fromDense(FloatMatrix dense) {
        int nnz = 0;
        for (float v : dense.data()) {
            if (v != 0f) {
                nnz++;
            }
        }
        int[] rowStart = new int[dense.rows() + 1];
        int[] indices = new int[nnz];
        float[] values = new float[nnz];
        int next = 0;
        for (int r = 0; r < dense.rows(); r++) {
            for (int c = 0; c < dense.cols(); c++) {
                float v = dense.data()[r * dense.cols() + c];
                if (v != 0f) {
                    indices[next] = c;
                    values[next++] = v;
                }
            }
            rowStart[r + 1] = next;
        }
        return new Codes(dense.rows(), dense.cols(), rowStart, indices, values);
    }

    /**
     * Codes with exactly {@code k} stored entries per row, given in any order (as a top-k selection
     * returns them); entries are sorted by index. {@code indices} and {@code values} are
     * (rows x k) row-major.
     */
    public static Codes fromTopK(int rows, int concepts, int k, int[] indices, float[] values) {
        if (indices.length != (long) rows * k || values.length != indices.length) {
            throw new InvalidDataException("Top-" + k + " codes for " + rows + " rows need " + (long) rows * k
                    + " indices and values, found " + indices.length + " and " + values.length);
        }
        int[] sortedIdx = new int[indices.length];
        float[] sortedVal = new float[values.length];
        Integer[] order = new Integer[k];
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            for (int j = 0; j < k; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(indices[base + a], indices[base + b]));
            for (int j = 0; j < k; j++) {
                sortedIdx[base + j] = indices[base + order[j]];
                sortedVal[base + j] = values[base + order[j]];
            }
        }
        int[] rowStart = new int[rows + 1];
        for (int r = 0; r <= rows; r++) {
            rowStart[r] = r * k;
        }
        return new Codes(rows, concepts, rowStart, sortedIdx, sortedVal);
    }

    public int rows() {
        return rows;
    }

    public int concepts() {
        return concepts;
    }

    /** Number of stored entries. */
    public int nnz() {
        return indices.length;
    }

    /** Number of stored entries in one row. */
    public int nnz(int row) {
        checkRow(row);
        return rowStart[row + 1] - rowStart[row];
    }

    /** Concept indices stored for one row (a copy). */
    public int[] indices(int row) {
        checkRow(row);
        return Arrays.copyOfRange(indices, rowStart[row], rowStart[row + 1]);
    }

    /** Values stored for one row (a copy), aligned with {@link #indices(int)}. */
    public float[] values(int row) {
        checkRow(row);
        return Arrays.copyOfRange(values, rowStart[row], rowStart[row + 1]);
    }

    /** The value of one concept in one row, 0 when not stored. */
    public float get(int row, int concept) {
        checkRow(row);
        int at = Arrays.binarySearch(indices, rowStart[row], rowStart[row + 1], concept);
        return at >= 0 ? values[at] : 0f;
    }

    /** Mean number of non-zero values per row (the L0 of the codes). */
    public double meanL0() {
        if (rows == 0) {
            return 0;
        }
        long nonZero = 0;
        for (float v : values) {
            if (v != 0f) {
                nonZero++;
            }
        }
        return (double) nonZero / rows;
    }

    /** The dense (rows x concepts) matrix these codes stand for. */
    public FloatMatrix toDense() {
        FloatMatrix dense = FloatMatrix.zeros(rows, concepts);
        for (int r = 0; r < rows; r++) {
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                dense.data()[r * concepts + indices[j]] = values[j];
            }
        }
        return dense;
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new InvalidDataException("Row " + row + " is outside [0, " + rows + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Codes c && rows == c.rows && concepts == c.concepts
                && Arrays.equals(rowStart, c.rowStart) && Arrays.equals(indices, c.indices)
                && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Codes[" + rows + "x" + concepts + ", nnz=" + nnz() + "]";
    }
}
