package dev.facet.dictionaries.sae.sparse;

import java.nio.ByteOrder;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Small dense-vector kernels of the sparse path, written so the JIT vectorises them; the dot
 * product is {@link dev.facet.dictionaries.linalg.Matrices#dot}.
 */
final class SparseKernels {

    private SparseKernels() {
    }

    /** y[yo..] += alpha·x[xo..] over d entries. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int d) {
        for (int q = 0; q < d; q++) {
            y[yo + q] += alpha * x[xo + q];
        }
    }

    /** Runs {@code body} for every row, in parallel when there are enough rows. */
    static void forEachRow(int rows, IntConsumer body) {
        if (rows < 64) {
            for (int i = 0; i < rows; i++) {
                body.accept(i);
            }
        } else {
            IntStream.range(0, rows).parallel().forEach(body);
        }
    }

    /**
     * The sum of {@code values} in index order: per-row terms computed by {@link #forEachRow} are
     * summed here, not in a shared accumulator, so the total does not depend on thread scheduling.
     */
    static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    /** Copies a float32 CPU array into {@code reuse} when it has the right length, else into a new array. */
    static float[] heapCopy(ai.djl.ndarray.NDArray array, float[] reuse) {
        int size = Math.toIntExact(array.size());
        float[] out = reuse != null && reuse.length == size ? reuse : new float[size];
        array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
        return out;
    }
}
