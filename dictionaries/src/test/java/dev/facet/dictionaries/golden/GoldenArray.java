package dev.facet.dictionaries.golden;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * One golden array, C order, widened to double.
 *
 * @param shape  its NumPy shape ({@code []} for a scalar)
 * @param values its entries, row-major
 */
public record GoldenArray(int[] shape, double[] values) {

    /** Rows of a 2-D array. */
    public int rows() {
        requireMatrix();
        return shape[0];
    }

    /** Columns of a 2-D array. */
    public int cols() {
        requireMatrix();
        return shape[1];
    }

    /** Entry (i, j) of a 2-D array. */
    public double get(int i, int j) {
        return values[i * cols() + j];
    }

    /** A 2-D array as floats. */
    public FloatMatrix matrix() {
        float[] data = new float[values.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) values[i];
        }
        return new FloatMatrix(rows(), cols(), data);
    }

    private void requireMatrix() {
        if (shape.length != 2) {
            throw new IllegalStateException("Expected a 2-D array, found shape " + Arrays.toString(shape));
        }
    }
}
