package dev.facet.spi.tensor;

import dev.facet.spi.InvalidDataException;
import java.util.Arrays;

/**
 * A dense row-major float tensor on the heap, the boundary type for image batches (n, c, h, w)
 * and hook-point activations: tokens (n, t, c), spatial maps (n, c, h, w) or vectors (n, f).
 * Backends copy into and out of their native types at their edge.
 *
 * <p>{@link #data()} and {@link #shape()} return the backing arrays; treat them as read-only.
 *
 * @param shape dimensions, each {@code >= 0}
 * @param data  values, row-major; length is the product of the dimensions
 */
public record Tensor(long[] shape, float[] data) {

    public Tensor {
        if (shape == null || data == null) {
            throw new InvalidDataException("Tensor shape and data must not be null");
        }
        long size = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new InvalidDataException("Tensor dimensions must be >= 0, found " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, dim);
        }
        if (size != data.length) {
            throw new InvalidDataException("Tensor of shape " + Arrays.toString(shape) + " needs " + size
                    + " values, found " + data.length);
        }
        shape = shape.clone();
    }

    /** A tensor of zeros. */
    public static Tensor zeros(long... shape) {
        long size = 1;
        for (long dim : shape) {
            size = Math.multiplyExact(size, Math.max(0, dim));
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new InvalidDataException("Tensor of shape " + Arrays.toString(shape) + " does not fit in one Java array");
        }
        return new Tensor(shape, new float[(int) size]);
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new InvalidDataException("Axis " + axis + " is outside a rank-" + shape.length + " tensor");
        }
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The value at a full index. */
    public float get(long... index) {
        return data[offset(index)];
    }

    /**
     * Where element {@code flat} of {@link #data()} sits, for messages: {@code row 3, column 7} in a
     * matrix, {@code index 5} in a vector or scalar, {@code index [1, 2, 3]} otherwise.
     */
    public String position(int flat) {
        if (shape.length == 2) {
            return "row " + flat / shape[1] + ", column " + flat % shape[1];
        }
        if (shape.length <= 1) {
            return "index " + flat;
        }
        long[] index = new long[shape.length];
        long rest = flat;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        return "index " + Arrays.toString(index);
    }

    /** The same values with another shape of equal size. */
    public Tensor reshape(long... newShape) {
        return new Tensor(newShape, data);
    }

    /** A rank-2 view of a tensor whose last axis is the feature axis: (product of the others, last). */
    public FloatMatrix flattenToMatrix() {
        if (shape.length == 0) {
            throw new InvalidDataException("Cannot flatten a scalar tensor to a matrix");
        }
        int cols = (int) shape[shape.length - 1];
        int rows = cols == 0 ? 0 : data.length / cols;
        return new FloatMatrix(rows, cols, data);
    }

    /** Throws {@link InvalidDataException} naming {@code what} unless the shape equals {@code expected}. */
    public Tensor requireShape(String what, long... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new InvalidDataException(what + " has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected));
        }
        return this;
    }

    private int offset(long... index) {
        if (index.length != shape.length) {
            throw new InvalidDataException("Index of rank " + index.length + " for a tensor of shape "
                    + Arrays.toString(shape));
        }
        long offset = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new InvalidDataException("Index " + Arrays.toString(index) + " is outside shape "
                        + Arrays.toString(shape));
            }
            offset = offset * shape[axis] + index[axis];
        }
        return (int) offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
