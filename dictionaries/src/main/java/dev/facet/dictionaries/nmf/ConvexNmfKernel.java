package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The kernel products of Convex-NMF (Ding, Li and Jordan 2010): K⁺·M and K⁻·M for K = X·Xᵀ
 * (n × n), K⁺ = (|K| + K)/2, K⁻ = (|K| − K)/2 and an n × c matrix M. Two implementations: for small
 * n, K on the heap (4n² bytes) and both products in one Java pass over it; for large n, K⁺ and K⁻
 * held by the engine (8n² bytes of native memory) and multiplied by its BLAS, since a fixed
 * per-call cost of the engine is negligible next to the n²·c work there. Close to release the
 * engine's memory.
 */
abstract class ConvexNmfKernel implements AutoCloseable {

    /** Rows from which the engine implementation is used by default. */
    static final int ENGINE_MIN_ROWS = 2048;

    /** The kernel of {@code x}, on the engine when {@code x.rows() >= engineMinRows}. */
    static ConvexNmfKernel of(FloatMatrix x, int engineMinRows) {
        return x.rows() >= engineMinRows ? new Engine(x) : new Heap(x);
    }

    /** Writes K⁺·M into {@code plus} and K⁻·M into {@code minus}, all n × c row-major. */
    abstract void products(float[] m, int c, float[] plus, float[] minus);

    @Override
    public void close() {
    }

    /** K on the heap, products in Java. */
    static final class Heap extends ConvexNmfKernel {
        private final float[] kernel;
        private final int n;

        Heap(FloatMatrix x) {
            this.n = x.rows();
            this.kernel = Matrices.multiply(x, false, x, true).data();
        }

        @Override
        void products(float[] m, int c, float[] plus, float[] minus) {
            int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 8));
            IntStream.range(0, blocks).parallel().forEach(block -> {
                int from = (int) ((long) n * block / blocks);
                int to = (int) ((long) n * (block + 1) / blocks);
                double[] p = new double[c];
                double[] q = new double[c];
                for (int i = from; i < to; i++) {
                    Arrays.fill(p, 0);
                    Arrays.fill(q, 0);
                    int base = i * n;
                    for (int k = 0; k < n; k++) {
                        float value = kernel[base + k];
                        int row = k * c;
                        if (value > 0) {
                            for (int j = 0; j < c; j++) {
                                p[j] += value * m[row + j];
                            }
                        } else if (value < 0) {
                            for (int j = 0; j < c; j++) {
                                q[j] -= value * m[row + j];
                            }
                        }
                    }
                    for (int j = 0; j < c; j++) {
                        plus[i * c + j] = (float) p[j];
                        minus[i * c + j] = (float) q[j];
                    }
                }
            });
        }
    }

    /** K⁺ and K⁻ held by the engine. */
    static final class Engine extends ConvexNmfKernel {
        private final NDManager manager;
        private final NDArray plusKernel;
        private final NDArray minusKernel;
        private final int n;

        Engine(FloatMatrix x) {
            this.n = x.rows();
            this.manager = PyTorchEngines.pytorch().newBaseManager();
            try {
                NDArray kernel;
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray rows = scratch.create(x.data(), new Shape(x.rows(), x.cols()));
                    kernel = rows.matMul(rows.transpose());
                    plusKernel = kernel.maximum(0f);
                    minusKernel = kernel.neg().maximum(0f);
                    plusKernel.attach(manager);
                    minusKernel.attach(manager);
                }
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }

        @Override
        void products(float[] m, int c, float[] plus, float[] minus) {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray right = scratch.create(m, new Shape(n, c));
                float[] p = plusKernel.matMul(right).toFloatArray();
                float[] q = minusKernel.matMul(right).toFloatArray();
                System.arraycopy(p, 0, plus, 0, p.length);
                System.arraycopy(q, 0, minus, 0, q.length);
            }
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
