package dev.facet.dictionaries.sae;

import java.util.SplittableRandom;

/**
 * Seeded initial values made on the heap, so the same seed gives the same model on every
 * engine and device.
 */
public final class HeapInit {

    private HeapInit() {
    }

    /** {@code count} samples of N(0, std²). */
    public static float[] normal(SplittableRandom random, int count, double std) {
        float[] out = new float[count];
        for (int i = 0; i < count; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double radius = Math.sqrt(-2 * Math.log(u1)) * std;
            out[i] = (float) (radius * Math.cos(2 * Math.PI * u2));
            if (i + 1 < count) {
                out[i + 1] = (float) (radius * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }

    /** {@code count} samples of U(−bound, bound), PyTorch's default for Linear layers with bound 1/√fanIn. */
    public static float[] uniform(SplittableRandom random, int count, double bound) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    /** A (rows × cols) Gaussian matrix with every row scaled to unit L2 norm. */
    public static float[] unitRows(SplittableRandom random, int rows, int cols) {
        float[] out = normal(random, rows * cols, 1.0);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += (double) out[r * cols + j] * out[r * cols + j];
            }
            float inv = (float) (1 / Math.sqrt(Math.max(sum, 1e-30)));
            for (int j = 0; j < cols; j++) {
                out[r * cols + j] *= inv;
            }
        }
        return out;
    }

    public static float[] filled(int count, float value) {
        float[] out = new float[count];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
