package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/**
 * op(a)·op(b) on the heap when small (below {@link #ENGINE_FLOPS} multiply-adds, where the engine's
 * fixed cost per call dominates), else by the engine ({@link Matrices#multiply}).
 */
final class Products {

    static final long ENGINE_FLOPS = 1L << 22;

    private Products() {
    }

    static FloatMatrix multiply(FloatMatrix a, boolean transposeA, FloatMatrix b, boolean transposeB) {
        int rows = transposeA ? a.cols() : a.rows();
        int inner = transposeA ? a.rows() : a.cols();
        int innerB = transposeB ? b.cols() : b.rows();
        int cols = transposeB ? b.rows() : b.cols();
        if (inner != innerB) {
            throw new InvalidDataException("Cannot multiply " + rows + "x" + inner + " by " + innerB + "x" + cols);
        }
        if ((long) rows * inner * cols >= ENGINE_FLOPS) {
            return Matrices.multiply(a, transposeA, b, transposeB);
        }
        float[] left = transposeA ? a.transpose().data() : a.data();
        float[] right = transposeB ? b.transpose().data() : b.data();
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

    static FloatMatrix multiply(FloatMatrix a, FloatMatrix b) {
        return multiply(a, false, b, false);
    }

    /** aᵀ·a. */
    static FloatMatrix gram(FloatMatrix a) {
        return multiply(a, true, a, false);
    }
}
