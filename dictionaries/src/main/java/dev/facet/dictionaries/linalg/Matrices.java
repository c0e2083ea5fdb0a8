package dev.facet.dictionaries.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * Dense products of heap matrices run by the engine's BLAS (DJL PyTorch, its intra-op threads),
 * for learners that keep their factors on the heap. Each call copies its operands in and the
 * result out, which is cheap next to the product for the sizes learners use.
 */
public final class Matrices {

    private Matrices() {
    }

    /** op(a)·op(b) where op transposes when asked. */
    public static FloatMatrix multiply(FloatMatrix a, boolean transposeA, FloatMatrix b, boolean transposeB) {
        int rows = transposeA ? a.cols() : a.rows();
        int inner = transposeA ? a.rows() : a.cols();
        int innerB = transposeB ? b.cols() : b.rows();
        int cols = transposeB ? b.rows() : b.cols();
        if (inner != innerB) {
            throw new InvalidDataException("Cannot multiply " + rows + "x" + inner + " by " + innerB + "x" + cols);
        }
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager()) {
            NDArray left = manager.create(a.data(), new Shape(a.rows(), a.cols()));
            NDArray right = manager.create(b.data(), new Shape(b.rows(), b.cols()));
            NDArray product = (transposeA ? left.transpose() : left).matMul(transposeB ? right.transpose() : right);
            return new FloatMatrix(rows, cols, product.toFloatArray());
        }
    }

    /** a·b. */
    public static FloatMatrix multiply(FloatMatrix a, FloatMatrix b) {
        return multiply(a, false, b, false);
    }

    /** aᵀ·a (the Gram matrix of a's columns). */
    public static FloatMatrix gram(FloatMatrix a) {
        return multiply(a, true, a, false);
    }
}
