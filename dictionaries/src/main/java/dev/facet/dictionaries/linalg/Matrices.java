package dev.facet.dictionaries.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/**
 * Dense products of heap matrices for learners that keep their factors on the heap: large
 * products run on the engine's BLAS (DJL PyTorch, its intra-op threads; operands copied in and
 * the result out, cheap next to the product), small ones (below {@link #ENGINE_MIN_WORK}
 * multiply-adds, where the engine's fixed cost of a few milliseconds per call dominates) on the
 * heap, rows in parallel.
 */
public final class Matrices {

    /** Multiply-adds from which a product goes to the engine. */
    public static final long ENGINE_MIN_WORK = 1L << 22;

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
        if ((long) rows * inner * cols < ENGINE_MIN_WORK) {
            return onHeap(transposeA ? a.transpose() : a, transposeB ? b.transpose() : b, rows, inner, cols);
        }
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager()) {
            NDArray left = manager.create(a.data(), new Shape(a.rows(), a.cols()));
            NDArray right = manager.create(b.data(), new Shape(b.rows(), b.cols()));
            NDArray product = (transposeA ? left.transpose() : left).matMul(transposeB ? right.transpose() : right);
            return new FloatMatrix(rows, cols, product.toFloatArray());
        }
    }

    private static FloatMatrix onHeap(FloatMatrix a, FloatMatrix b, int rows, int inner, int cols) {
        float[] left = a.data();
        float[] right = b.data();
        float[] out = new float[rows * cols];
        IntStream.range(0, rows).parallel().forEach(i -> {
            int o = i * cols;
            for (int k = 0; k < inner; k++) {
                float v = left[i * inner + k];
                if (v == 0f) {
                    continue;
                }
                int r = k * cols;
                for (int j = 0; j < cols; j++) {
                    out[o + j] += v * right[r + j];
                }
            }
        });
        return new FloatMatrix(rows, cols, out);
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
