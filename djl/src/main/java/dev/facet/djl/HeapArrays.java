package dev.facet.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;

/**
 * Copies between Facet's heap values and DJL NDArrays: the one place where data crosses the
 * engine boundary. Arrays created here belong to the given manager; the caller closes it.
 */
public final class HeapArrays {

    private HeapArrays() {
    }

    /** A float32 NDArray holding a copy of {@code tensor}. */
    public static NDArray toNd(NDManager manager, Tensor tensor) {
        return manager.create(tensor.data(), new Shape(tensor.shape()));
    }

    /** A float32 (rows x cols) NDArray holding a copy of {@code matrix}. */
    public static NDArray toNd(NDManager manager, FloatMatrix matrix) {
        return manager.create(matrix.data(), new Shape(matrix.rows(), matrix.cols()));
    }

    /**
     * Overwrites every value of the float32 array {@code target} in place with {@code values}, read
     * in row-major order. A trainable parameter may be written this way outside a gradient
     * collector. Unlike {@code NDArray.set(float[])}, whose PyTorch implementation enters the
     * deprecated {@code AutoNonVariableTypeMode} and makes libtorch print a warning on stderr, this
     * copies through an indexed assignment.
     *
     * @throws IllegalArgumentException when {@code values} does not hold exactly one value per element
     */
    public static void overwrite(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException("Cannot overwrite an array of shape " + target.getShape() + " ("
                    + target.size() + " values) with " + values.length + " values");
        }
        try (NDManager scope = target.getManager().newSubManager()) {
            target.set(new NDIndex("..."), scope.create(values, target.getShape()));
        }
    }

    /** A heap copy of {@code array}, converted to float32 if needed. */
    public static Tensor toTensor(NDArray array) {
        float[] data = array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
                : array.toType(DataType.FLOAT32, false).toFloatArray();
        return new Tensor(array.getShape().getShape(), data);
    }

    /** A heap copy of a rank-2 array. */
    public static FloatMatrix toMatrix(NDArray array) {
        Shape shape = array.getShape();
        if (shape.dimension() != 2) {
            throw new InvalidDataException("Expected a rank-2 array, found shape " + shape);
        }
        Tensor tensor = toTensor(array);
        return new FloatMatrix((int) shape.get(0), (int) shape.get(1), tensor.data());
    }
}
