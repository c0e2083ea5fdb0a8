package dev.facet.dictionaries.nmf;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.stream.IntStream;

/**
 * The Semi-NMF code update of Ding, Li and Jordan (2010, "Convex and semi-nonnegative matrix
 * factorizations", IEEE TPAMI 32(1), eq. 12), row by row against a fixed dictionary D:
 * {@code Z ← Z ⊙ sqrt(([X·Dᵀ]⁺ + Z·[D·Dᵀ]⁻) / ([X·Dᵀ]⁻ + Z·[D·Dᵀ]⁺ + ε))}
 * (docs/algorithms.md#semi-nmf), where [M]⁺ = (|M| + M)/2 and [M]⁻ = (|M| − M)/2 elementwise. With A =
 * X·Dᵀ (n × c) and B = D·Dᵀ (c × c) computed once, each row works in c dimensions; the update keeps
 * codes non-negative and does not increase ‖x − z·D‖² (Ding et al., Theorem 1). Rows run in parallel,
 * in double.
 */
final class SemiNmfCodes {

    /** ε of the denominator. */
    static final double EPSILON = 1e-10;

    private SemiNmfCodes() {
    }

    /**
     * Iterates the update from {@code start} for every row until
     * {@code ‖z_new − z_old‖₂ ≤ tol·‖z_new‖₂} or {@code maxIter} updates.
     *
     * @param a     X·Dᵀ, n × c
     * @param b     D·Dᵀ, c × c row-major
     * @param start positive starting codes, n × c (entries that are 0 stay 0)
     */
    static FloatMatrix iterate(FloatMatrix a, double[] b, FloatMatrix start, int maxIter, double tol) {
        int n = a.rows();
        int c = a.cols();
        if (b.length != c * c) {
            throw new InvalidDataException("Gram matrix has " + b.length + " values, expected " + c + "x" + c);
        }
        if (start.rows() != n || start.cols() != c) {
            throw new InvalidDataException("Start codes are " + start.rows() + "x" + start.cols() + ", expected "
                    + n + "x" + c);
        }
        double[] plus = new double[c * c];
        double[] minus = new double[c * c];
        for (int i = 0; i < b.length; i++) {
            plus[i] = Math.max(b[i], 0);
            minus[i] = Math.max(-b[i], 0);
        }
        float[] ad = a.data();
        float[] sd = start.data();
        float[] out = new float[n * c];
        double tol2 = tol * tol;
        int blocks = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors() * 8));
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = (int) ((long) n * block / blocks);
            int to = (int) ((long) n * (block + 1) / blocks);
            double[] z = new double[c];
            double[] next = new double[c];
            for (int r = from; r < to; r++) {
                int base = r * c;
                for (int j = 0; j < c; j++) {
                    z[j] = Math.max(sd[base + j], 0);
                }
                for (int it = 0; it < maxIter; it++) {
                    double change = 0;
                    double norm = 0;
                    for (int j = 0; j < c; j++) {
                        double zp = 0;
                        double zm = 0;
                        for (int k = 0; k < c; k++) {
                            zp += z[k] * plus[k * c + j];
                            zm += z[k] * minus[k * c + j];
                        }
                        double aj = ad[base + j];
                        double numerator = Math.max(aj, 0) + zm;
                        double denominator = Math.max(-aj, 0) + zp + EPSILON;
                        double v = z[j] * Math.sqrt(numerator / denominator);
                        next[j] = v;
                        change += (v - z[j]) * (v - z[j]);
                        norm += v * v;
                    }
                    System.arraycopy(next, 0, z, 0, c);
                    if (change <= tol2 * norm) {
                        break;
                    }
                }
                for (int j = 0; j < c; j++) {
                    out[base + j] = (float) z[j];
                }
            }
        });
        return new FloatMatrix(n, c, out);
    }
}
