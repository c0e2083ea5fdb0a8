package dev.facet.dictionaries.sae.sparse;

import java.nio.ByteOrder;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Small dense-vector kernels of the sparse path, written so the JIT vectorises them. */
final class SparseKernels {

    private SparseKernels() {
    }

    /** Σ a[ao + q]·b[bo + q] for q &lt; d, with four partial sums. */
    static float dot(float[] a, int ao, float[] b, int bo, int d) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int q = 0;
        for (; q + 3 < d; q += 4) {
            s0 += a[ao + q] * b[bo + q];
            s1 += a[ao + q + 1] * b[bo + q + 1];
            s2 += a[ao + q + 2] * b[bo + q + 2];
            s3 += a[ao + q + 3] * b[bo + q + 3];
        }
        for (; q < d; q++) {
            s0 += a[ao + q] * b[bo + q];
        }
        return (s0 + s1) + (s2 + s3);
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

    /** Copies a float32 CPU array into {@code reuse} when it has the right length, else into a new array. */
    static float[] heapCopy(ai.djl.ndarray.NDArray array, float[] reuse) {
        int size = Math.toIntExact(array.size());
        float[] out = reuse != null && reuse.length == size ? reuse : new float[size];
        array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
        return out;
    }
}
