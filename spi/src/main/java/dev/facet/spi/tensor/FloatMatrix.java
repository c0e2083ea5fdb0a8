package dev.facet.spi.tensor;

import dev.facet.spi.InvalidDataException;
import java.util.Arrays;

/**
 * A dense row-major float matrix on the heap: the boundary type for activations (rows are
 * samples or tokens, columns are features) and dictionaries (rows are atoms).
 *
 * <p>{@link #data()} is the backing array, not a copy, so that batches cross the engine boundary
 * with one copy; callers that keep a matrix must not mutate an array they handed over.
 *
 * @param rows number of rows, {@code >= 0}
 * @param cols number of columns, {@code >= 0}
 * @param data {@code rows * cols} values, row-major
 */
public record FloatMatrix(int rows, int cols, float[] data) {

    public FloatMatrix {
        if (rows < 0 || cols < 0) {
            throw new InvalidDataException("Matrix dimensions must be >= 0, found " + rows + "x" + cols);
        }
        if (data == null) {
            throw new InvalidDataException("Matrix data is null for a " + rows + "x" + cols + " matrix");
        }
        if ((long) rows * cols != data.length) {
            throw new InvalidDataException("A " + rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " values, found " + data.length);
        }
    }

    /** A matrix of zeros. */
    public static FloatMatrix zeros(int rows, int cols) {
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new InvalidDataException("A " + rows + "x" + cols + " matrix does not fit in one Java array");
        }
        return new FloatMatrix(rows, cols, new float[Math.max(0, rows) * Math.max(0, cols)]);
    }

    /** Copies a rectangular 2-D array; every row must have the same length. */
    public static FloatMatrix of(float[][] values) {
        int rows = values.length;
        int cols = rows == 0 ? 0 : values[0].length;
        float[] data = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            if (values[r].length != cols) {
                throw new InvalidDataException("Ragged rows: row 0 has " + cols + " values, row " + r
                        + " has " + values[r].length);
            }
            System.arraycopy(values[r], 0, data, r * cols, cols);
        }
        return new FloatMatrix(rows, cols, data);
    }

    public float get(int row, int col) {
        checkIndex(row, col);
        return data[row * cols + col];
    }

    public void set(int row, int col, float value) {
        checkIndex(row, col);
        data[row * cols + col] = value;
    }

    /** A copy of one row. */
    public float[] row(int row) {
        checkIndex(row, 0);
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }

    /** A copy of rows {@code [from, to)}. */
    public FloatMatrix rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new InvalidDataException("Row range [" + from + ", " + to + ") is outside [0, " + rows + ")");
        }
        return new FloatMatrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** A new matrix whose rows are this matrix's columns. */
    public FloatMatrix transpose() {
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return new FloatMatrix(cols, rows, out);
    }

    /**
     * Throws {@link InvalidDataException} naming {@code what} and the first position holding NaN or
     * an infinity. Learners call this on input so bad activations fail loudly instead of training
     * a dictionary of NaN.
     */
    public FloatMatrix requireFinite(String what) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidDataException(what + " holds " + data[i] + " at row " + i / cols
                        + ", column " + i % cols + " (" + rows + "x" + cols + "); expected finite values");
            }
        }
        return this;
    }

    /** Throws unless this matrix has {@code expectedCols} columns. */
    public FloatMatrix requireCols(String what, int expectedCols) {
        if (cols != expectedCols) {
            throw new InvalidDataException(what + " has " + cols + " columns, expected " + expectedCols);
        }
        return this;
    }

    private void checkIndex(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new InvalidDataException("Index (" + row + ", " + col + ") is outside a " + rows + "x"
                    + cols + " matrix");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMatrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + "x" + cols + "]";
    }
}
