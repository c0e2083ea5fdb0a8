package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * Streams an {@link ActivationSource} once and accumulates, in double precision, the column sums
 * and the d × d second-moment matrix, so that PCA and truncated SVD fit a store of any size in
 * O(d²) memory. Each batch's product runs on the engine ({@link Matrices#gram}); to avoid the
 * cancellation of the textbook formula Σxxᵀ − nμμᵀ, rows are shifted by the first batch's mean K
 * before accumulating (the shifted-data algorithm, Chan, Golub and LeVeque 1983); the uncentred
 * moment adds the shift back in double precision, Σxxᵀ = Σ(x−K)(x−K)ᵀ + K·sᵀ + s·Kᵀ + n·KKᵀ with
 * s = Σ(x−K), so that a large common offset does not drown the smaller directions in float32
 * rounding.
 *
 * @param rows   n
 * @param mean   column means μ
 * @param moment the requested matrix (d × d, row-major): the covariance Σ(x − μ)(x − μ)ᵀ / (n − 1)
 *               when centred, else XᵀX / n
 */
public record SecondMoments(long rows, double[] mean, double[] moment) {

    /**
     * @param centred covariance about the mean (PCA, ICA) or the uncentred second moment (truncated SVD)
     */
    public static SecondMoments accumulate(ActivationSource source, boolean centred, String learner,
                                           RunContext context) {
        int d = source.dim();
        double[] gram = new double[d * d];
        double[] sum = new double[d];
        float[][] shift = {null};
        long[] n = {0};
        ClassicalData.forEachBatch(source, ClassicalData.STREAM_BATCH, false, 0L, learner, context, batch -> {
            if (shift[0] == null) {
                shift[0] = ClassicalData.toFloat(ClassicalData.columnMeans(batch));
            }
            FloatMatrix shifted = ClassicalData.centred(batch, shift[0]);
            float[] g = Matrices.gram(shifted).data();
            for (int i = 0; i < g.length; i++) {
                gram[i] += g[i];
            }
            float[] s = shifted.data();
            for (int r = 0; r < shifted.rows(); r++) {
                for (int j = 0; j < d; j++) {
                    sum[j] += s[r * d + j];
                }
            }
            n[0] += batch.rows();
        });
        double count = n[0];
        double[] m = new double[d];
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            m[j] = sum[j] / count;
            mean[j] = m[j] + shift[0][j];
        }
        double[] moment = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double ki = shift[0][i];
                double kj = shift[0][j];
                moment[i * d + j] = centred ? (gram[i * d + j] - count * m[i] * m[j]) / Math.max(1, count - 1)
                        : (gram[i * d + j] + ki * sum[j] + sum[i] * kj + count * ki * kj) / count;
            }
        }
        return new SecondMoments(n[0], mean, moment);
    }
}
