package dev.facet.dictionaries.nmf;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/** Heap kernels shared by the NMF solvers: the HALS sweeps, checks and error bookkeeping. */
final class NmfKernels {

    /** The HALS denominator guard of REFERENCE §2. */
    static final float HALS_EPS = 1e-10f;

    private NmfKernels() {
    }

    /** Throws naming the first negative entry (after the finiteness check). */
    static void requireNonNegative(FloatMatrix x, String what) {
        x.requireFinite(what);
        float[] data = x.data();
        for (int i = 0; i < data.length; i++) {
            if (data[i] < 0) {
                throw new InvalidDataException(what + " holds " + data[i] + " at row " + i / x.cols() + ", column "
                        + i % x.cols() + " (" + x.rows() + "x" + x.cols() + "); NMF expects values >= 0");
            }
        }
    }

    static double squaredNorm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return s;
    }

    /** ⟨a, b⟩ in double. */
    static double inner(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /**
     * ‖X − Z·D‖² = ‖X‖² − 2⟨Zᵀ·X, D⟩ + ⟨Zᵀ·Z, D·Dᵀ⟩, from M = Zᵀ·X, N = Zᵀ·Z and B = D·Dᵀ; clamped at 0
     * (float cancellation).
     */
    static double squaredError(double xNorm2, FloatMatrix m, FloatMatrix d, FloatMatrix n, FloatMatrix b) {
        return Math.max(0, xNorm2 - 2 * inner(m.data(), d.data()) + inner(n.data(), b.data()));
    }

    /**
     * One HALS sweep over the coordinates of every row of Z (n × c):
     * zᵢⱼ ← max(0, (Cᵢⱼ − zᵢ·Bⱼ + zᵢⱼ·Bⱼⱼ)/(Bⱼⱼ + ε)) for j = 0..c−1 in order, with zᵢ already holding
     * the new values of the coordinates before j. This is REFERENCE §2's column-by-column update
     * (column j of Z is updated from the current Z), computed row by row because rows are
     * independent: rows run in parallel, each a sequence of contiguous dot products with the rows of
     * the symmetric B.
     *
     * @return {‖Z_new − Z_old‖², ‖Z_new‖²}
     */
    static double[] halsSweep(float[] z, float[] c, float[] b, int n, int k) {
        int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 4));
        double[][] partial = new double[blocks][2];
        float[] diag = new float[k];
        for (int j = 0; j < k; j++) {
            diag[j] = b[j * k + j];
        }
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = (int) ((long) n * block / blocks);
            int to = (int) ((long) n * (block + 1) / blocks);
            double change = 0;
            double norm = 0;
            for (int row = from; row < to; row++) {
                int base = row * k;
                for (int j = 0; j < k; j++) {
                    float old = z[base + j];
                    float bjj = diag[j];
                    float numerator = c[base + j] - BatchedNnls.dot(b, j * k, z, base, k) + old * bjj;
                    float value = Math.max(0f, numerator / (bjj + HALS_EPS));
                    z[base + j] = value;
                    float diff = value - old;
                    change += diff * diff;
                    norm += value * value;
                }
            }
            partial[block][0] = change;
            partial[block][1] = norm;
        });
        double change = 0;
        double norm = 0;
        for (double[] p : partial) {
            change += p[0];
            norm += p[1];
        }
        return new double[] {change, norm};
    }

    /**
     * One HALS sweep over the atoms D (c × d) given M = Zᵀ·X (c × d) and N = Zᵀ·Z (c × c):
     * Dⱼ ← max(0, (Mⱼ − Nⱼ·D + Nⱼⱼ·Dⱼ)/(Nⱼⱼ + ε)) for j = 0..c−1 in order; columns of D are
     * independent and run in parallel blocks.
     */
    static void halsAtoms(float[] d, float[] m, float[] nn, int k, int dim) {
        int blocks = Math.max(1, Math.min(dim / 64, Runtime.getRuntime().availableProcessors() * 2));
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = (int) ((long) dim * block / blocks);
            int to = (int) ((long) dim * (block + 1) / blocks);
            int width = to - from;
            float[] acc = new float[width];
            for (int j = 0; j < k; j++) {
                int mj = j * dim + from;
                System.arraycopy(m, mj, acc, 0, width);
                for (int l = 0; l < k; l++) {
                    float njl = nn[j * k + l];
                    if (njl == 0f || l == j) {
                        continue;
                    }
                    int dl = l * dim + from;
                    for (int t = 0; t < width; t++) {
                        acc[t] -= njl * d[dl + t];
                    }
                }
                float inv = 1f / (nn[j * k + j] + HALS_EPS);
                int dj = j * dim + from;
                for (int t = 0; t < width; t++) {
                    d[dj + t] = Math.max(0f, acc[t] * inv);
                }
            }
        });
    }
}
