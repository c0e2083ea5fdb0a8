package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.linalg.SymmetricEigen;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * FastICA (Hyvärinen 1999, "Fast and robust fixed-point algorithms for independent component
 * analysis"), parallel (symmetric) version with the logcosh contrast, as in scikit-learn's
 * {@code FastICA(algorithm="parallel", fun="logcosh", whiten="unit-variance")}:
 * <ol>
 *   <li>centre: X̃ = X − μ;</li>
 *   <li>PCA whitening to c components: with Σ = cov(X) = E·Λ·Eᵀ (top c eigenpairs; data whose
 *       c-th eigenvalue is below {@link #RANK_TOLERANCE}·λ_max are refused as of too low rank),
 *       K = Λ^{-1/2}·Eᵀ (c × d) and Xw = X̃·Kᵀ, whose covariance is the identity;</li>
 *   <li>W (c × c) starts Gaussian (seed {@code context.seedFor("ica-init")}) and is symmetrically
 *       decorrelated, W ← (W·Wᵀ)^{-1/2}·W;</li>
 *   <li>repeat: with Y = Xw·Wᵀ, g(y) = tanh(α·y), g′(y) = α·(1 − tanh²(α·y)),
 *       W ← E[g(Y)ᵀ·Xw] − diag(E[g′(Y)])·W, then symmetric decorrelation; stop when
 *       max |1 − |diag(W_new·W_oldᵀ)|| &lt; {@code tol} (the FastICA fixed-point criterion, which
 *       tolerates the sign flips of the parallel update) or at {@code max_iter}.</li>
 * </ol>
 * Unmixing U = W·K (c × d); mixing rows (the atoms) A = W·Λ^{1/2}·Eᵀ, the pseudo-inverse of U in
 * closed form because W is orthogonal and E has orthonormal columns.
 *
 * <p>Provenance metrics: {@code iterations}, {@code convergence} (the last criterion value),
 * {@code converged}, {@code relative_error} = ‖X̃ − X̂‖_F/‖X̃‖_F on the training data (the rank-c PCA
 * error, since decode reconstructs within the whitened subspace).
 */
public final class IcaLearner implements DictionaryLearner {

    /**
     * Whitening refuses components whose covariance eigenvalue is at most this fraction of the
     * largest: the covariance is accumulated from float32 products, whose rounding leaves
     * eigenvalues of about 1e-6·λ_max where the data have none, and whitening them would amplify
     * rounding noise into sources.
     */
    static final double RANK_TOLERANCE = 1e-5;

    private final String id;
    private final int concepts;
    private final int maxIter;
    private final double tol;
    private final double alpha;
    private final Map<String, Object> hyperparameters;

    IcaLearner(String id, int concepts, int maxIter, double tol, double alpha, Map<String, Object> hyperparameters) {
        this.id = id;
        this.concepts = concepts;
        this.maxIter = maxIter;
        this.tol = tol;
        this.alpha = alpha;
        this.hyperparameters = hyperparameters;
    }

    /** The data in memory and the whitening, unmixing and mixing matrices (c × d each). */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        return StateSize.of(id, concepts, inputDim, rows, 3, true, false);
    }

    @Override
    public IcaDictionary fit(ActivationSource data, RunContext context) {
        long start = System.nanoTime();
        ClassicalData.requireRows(data, Math.max(2, concepts), id);
        int d = data.dim();
        int c = concepts;
        if (c > d) {
            throw ConfigException.outOfRange(id + " concepts", c, "[1, " + d + "] (the input width)");
        }
        FloatMatrix x = ClassicalData.readAll(data, id, context);
        int n = x.rows();
        SecondMoments moments = SecondMoments.accumulate(ActivationSource.of(x), true, id, context);
        SymmetricEigen eigen = SymmetricEigen.of(moments.moment(), d);
        double trace = 0;
        for (double v : eigen.values()) {
            trace += Math.max(0, v);
        }
        double kept = 0;
        float[] whitening = new float[c * d];
        for (int i = 0; i < c; i++) {
            double lambda = eigen.values()[i];
            if (!(lambda > RANK_TOLERANCE * Math.max(eigen.values()[0], 1e-30))) {
                throw new InvalidDataException(id + " needs data of rank >= " + c + " to whiten " + c
                        + " components; eigenvalue " + (i + 1) + " of the covariance is " + lambda);
            }
            kept += lambda;
            double scale = 1 / Math.sqrt(lambda);
            for (int j = 0; j < d; j++) {
                whitening[i * d + j] = (float) (eigen.vectors()[i][j] * scale);
            }
        }
        float[] mean = ClassicalData.toFloat(moments.mean());
        FloatMatrix white = Matrices.multiply(ClassicalData.centred(x, mean), false, new FloatMatrix(c, d, whitening),
                true);

        SplittableRandom random = new SplittableRandom(context.seedFor(id + "-init"));
        double[][] w = new double[c][c];
        for (double[] row : w) {
            for (int j = 0; j < c; j++) {
                row[j] = random.nextGaussian();
            }
        }
        w = decorrelate(w);
        int iterations = 0;
        double criterion = Double.NaN;
        boolean converged = false;
        while (iterations < maxIter) {
            context.cancellation().throwIfCancelled(id);
            iterations++;
            FloatMatrix y = Matrices.multiply(white, false, toMatrix(w), true);
            float[] g = y.data();
            double[] derivative = new double[c];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    double t = Math.tanh(alpha * g[i * c + k]);
                    g[i * c + k] = (float) t;
                    derivative[k] += alpha * (1 - t * t);
                }
            }
            float[] gx = Matrices.multiply(y, true, white, false).data();
            double[][] next = new double[c][c];
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < c; j++) {
                    next[k][j] = gx[k * c + j] / n - derivative[k] / n * w[k][j];
                }
            }
            next = decorrelate(next);
            criterion = 0;
            for (int k = 0; k < c; k++) {
                double dot = 0;
                for (int j = 0; j < c; j++) {
                    dot += next[k][j] * w[k][j];
                }
                criterion = Math.max(criterion, Math.abs(Math.abs(dot) - 1));
            }
            w = next;
            if (criterion < tol) {
                converged = true;
                break;
            }
        }
        float[] unmixing = new float[c * d];
        float[] mixing = new float[c * d];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < c; i++) {
                double wk = w[k][i];
                double root = Math.sqrt(eigen.values()[i]);
                for (int j = 0; j < d; j++) {
                    unmixing[k * d + j] += (float) (wk * whitening[i * d + j]);
                    mixing[k * d + j] += (float) (wk * root * eigen.vectors()[i][j]);
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", iterations);
        metrics.put("convergence", criterion);
        metrics.put("converged", converged);
        metrics.put("relative_error", Math.sqrt(Math.max(0, 1 - kept / Math.max(trace, 1e-30))));
        return new IcaDictionary(id, new FloatMatrix(c, d, mixing), mean, new FloatMatrix(c, d, unmixing),
                hyperparameters, ClassicalData.provenance(id, context, data, metrics, start));
    }

    /** (W·Wᵀ)^{-1/2}·W. */
    static double[][] decorrelate(double[][] w) {
        int c = w.length;
        double[] m = new double[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int k = 0; k < c; k++) {
                    s += w[i][k] * w[j][k];
                }
                m[i * c + j] = s;
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(m, c);
        double[][] inverseRoot = new double[c][c];
        for (int k = 0; k < c; k++) {
            double scale = 1 / Math.sqrt(Math.max(eigen.values()[k], 1e-300));
            double[] v = eigen.vectors()[k];
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    inverseRoot[i][j] += scale * v[i] * v[j];
                }
            }
        }
        double[][] out = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int k = 0; k < c; k++) {
                double a = inverseRoot[i][k];
                for (int j = 0; j < c; j++) {
                    out[i][j] += a * w[k][j];
                }
            }
        }
        return out;
    }

    private static FloatMatrix toMatrix(double[][] w) {
        int c = w.length;
        float[] out = new float[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = (float) w[i][j];
            }
        }
        return new FloatMatrix(c, c, out);
    }
}
