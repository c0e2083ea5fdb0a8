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

    /** The entries of {@code m} in double precision, row-major. */
    public static double[] widen(FloatMatrix m) {
        return widen(m.data());
    }

    /** {@code values} in double precision. */
    public static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /**
     * An upper bound of the spectral norm λ_max of a symmetric positive semi-definite c × c matrix
     * (row-major): min(‖Q‖_F, 1.05·λ̂) with λ̂ the best Rayleigh quotient of 100 power iterations,
     * which approaches λ_max from below (the 5% margin keeps 1/L a descent step for projected
     * gradients); ‖Q‖_F when the iteration finds nothing; 0 for the zero matrix.
     */
    public static double spectralNormBound(double[] q, int c) {
        double frobenius = 0;
        for (double v : q) {
            frobenius += v * v;
        }
        frobenius = Math.sqrt(frobenius);
        if (frobenius == 0) {
            return 0;
        }
        double[] v = new double[c];
        double[] w = new double[c];
        for (int i = 0; i < c; i++) {
            v[i] = (1 + 0.01 * (i % 7)) / Math.sqrt(c);
        }
        double lambda = 0;
        for (int iteration = 0; iteration < 100; iteration++) {
            double norm = 0;
            double rayleigh = 0;
            double vv = 0;
            for (int i = 0; i < c; i++) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += q[i * c + k] * v[k];
                }
                w[i] = s;
                norm += s * s;
                rayleigh += v[i] * s;
                vv += v[i] * v[i];
            }
            lambda = Math.max(lambda, rayleigh / vv);
            norm = Math.sqrt(norm);
            if (norm == 0) {
                break;
            }
            for (int i = 0; i < c; i++) {
                v[i] = w[i] / norm;
            }
        }
        return lambda > 0 ? Math.min(frobenius, 1.05 * lambda) : frobenius;
    }

    /** Σₖ a[ia+k]·b[ib+k] for k < len in float, with four partial sums (so the JIT vectorises it). */
    public static float dot(float[] a, int ia, float[] b, int ib, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += a[ia + k] * b[ib + k];
            s1 += a[ia + k + 1] * b[ib + k + 1];
            s2 += a[ia + k + 2] * b[ib + k + 2];
            s3 += a[ia + k + 3] * b[ib + k + 3];
        }
        for (; k < len; k++) {
            s0 += a[ia + k] * b[ib + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σₖ (a[ia+k] − b[ib+k])² for k < len, in double. */
    public static double squaredDistance(float[] a, int ia, float[] b, int ib, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            double delta = (double) a[ia + k] - b[ib + k];
            s += delta * delta;
        }
        return s;
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
