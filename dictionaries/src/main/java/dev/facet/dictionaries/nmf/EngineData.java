package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * The data matrix X (n × d) held once by the engine, so that the two large products of every
 * alternating iteration (X·Dᵀ and Zᵀ·X) copy only the small factor in and the result out.
 */
final class EngineData implements AutoCloseable {

    private final FloatMatrix heap;
    private NDManager manager;
    private NDArray x;
    private final int rows;
    private final int cols;

    EngineData(FloatMatrix data) {
        this.heap = data;
        this.rows = data.rows();
        this.cols = data.cols();
    }

    /** X·Dᵀ (n × c) for D (c × d). */
    FloatMatrix timesTransposed(FloatMatrix d) {
        if ((long) rows * cols * d.rows() < Matrices.ENGINE_MIN_WORK) {
            return Matrices.multiply(heap, false, d, true);
        }
        engine();
        try (NDManager scope = manager.newSubManager()) {
            NDArray atoms = scope.create(d.data(), new Shape(d.rows(), d.cols()));
            NDArray product = x.matMul(atoms.transpose());
            float[] out = product.toFloatArray();
            product.close();
            return new FloatMatrix(rows, d.rows(), out);
        }
    }

    /** Zᵀ·X (c × d) for Z (n × c). */
    FloatMatrix transposedTimes(FloatMatrix z) {
        if ((long) rows * cols * z.cols() < Matrices.ENGINE_MIN_WORK) {
            return Matrices.multiply(z, true, heap, false);
        }
        engine();
        try (NDManager scope = manager.newSubManager()) {
            NDArray codes = scope.create(z.data(), new Shape(z.rows(), z.cols()));
            NDArray product = codes.transpose().matMul(x);
            float[] out = product.toFloatArray();
            product.close();
            return new FloatMatrix(z.cols(), cols, out);
        }
    }

    private void engine() {
        if (manager == null) {
            manager = PyTorchEngines.pytorch().newBaseManager();
            x = manager.create(heap.data(), new Shape(rows, cols));
        }
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
