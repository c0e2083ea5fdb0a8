package dev.facet.dictionaries.nmf;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/** Heap kernels shared by the NMF solvers: the HALS sweeps, checks and error bookkeeping. */
final class NmfKernels {

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
     * zᵢⱼ ← max(0, (Cᵢⱼ − zᵢ·Bⱼ + zᵢⱼ·Bⱼⱼ)/Bⱼⱼ) for j = 0..c−1 in order, with zᵢ already holding
     * the new values of the coordinates before j; a coordinate whose curvature Bⱼⱼ is 0 (a zero atom)
     * is skipped, left as it is (dividing by Bⱼⱼ + ε instead would set it to 0 and lock the atom's
     * code column at zero). This is the column-by-column update of
     * docs/algorithms.md#hals (column j of Z is updated from the current Z), computed row by row
     * because rows are independent: rows run in parallel. The products zᵢ·Bⱼ are not recomputed as dot
     * products: R = Z·B (n × c, one BLAS product by the caller) is kept current, each coordinate that
     * moves by δ adding δ·Bⱼ to its row of R (a contiguous, vectorisable axpy over the symmetric B's
     * row j), and coordinates that stay put (clamped zeros, the common case) cost O(1).
     *
     * @param r Z·B on entry; overwritten
     * @return {‖Z_new − Z_old‖², ‖Z_new‖²}
     */
    static double[] halsSweep(float[] z, float[] c, float[] b, float[] r, int n, int k) {
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
                    if (bjj == 0f) {
                        norm += old * old;
                        continue;
                    }
                    float value = Math.max(0f, (c[base + j] - r[base + j] + old * bjj) / bjj);
                    float diff = value - old;
                    if (diff != 0f) {
                        z[base + j] = value;
                        int bj = j * k;
                        for (int t = 0; t < k; t++) {
                            r[base + t] += diff * b[bj + t];
                        }
                        change += diff * diff;
                    }
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
     * Dⱼ ← max(0, (Mⱼ − Nⱼ·D + Nⱼⱼ·Dⱼ)/Nⱼⱼ) for j = 0..c−1 in order, an atom whose curvature Nⱼⱼ
     * is 0 (its code column is all zero) skipped; columns of D are independent and run in parallel
     * blocks.
     *
     * @return ‖D_new − D_old‖²
     */
    static double halsAtoms(float[] d, float[] m, float[] nn, int k, int dim) {
        int blocks = Math.max(1, Math.min(dim / 64, Runtime.getRuntime().availableProcessors() * 2));
        double[] changes = new double[blocks];
        IntStream.range(0, blocks).parallel().forEach(block -> {
            double change = 0;
            int from = (int) ((long) dim * block / blocks);
            int to = (int) ((long) dim * (block + 1) / blocks);
            int width = to - from;
            float[] acc = new float[width];
            for (int j = 0; j < k; j++) {
                float njj = nn[j * k + j];
                if (njj == 0f) {
                    continue;
                }
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
                float inv = 1f / njj;
                int dj = j * dim + from;
                for (int t = 0; t < width; t++) {
                    float value = Math.max(0f, acc[t] * inv);
                    float diff = value - d[dj + t];
                    change += diff * diff;
                    d[dj + t] = value;
                }
            }
            changes[block] = change;
        });
        double total = 0;
        for (double v : changes) {
            total += v;
        }
        return total;
    }

    /**
     * Repeated atom sweeps on fixed M, N, as accelerated HALS does (Gillis &amp; Glineur 2012): the
     * sweeps cost c²·d while M and N cost n·c·(d + c), so up to {@code maxSweeps} are run, stopping
     * once a sweep moves D by at most {@code 0.01²}·(first sweep's squared move). Each sweep is an
     * exact block-coordinate descent step, so the error never increases.
     */
    static void halsAtoms(float[] d, float[] m, float[] nn, int k, int dim, int maxSweeps) {
        double first = halsAtoms(d, m, nn, k, dim);
        for (int s = 1; s < maxSweeps; s++) {
            if (halsAtoms(d, m, nn, k, dim) <= 1e-4 * first) {
                return;
            }
        }
    }
}
