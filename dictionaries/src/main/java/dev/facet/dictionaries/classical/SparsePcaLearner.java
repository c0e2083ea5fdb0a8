package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.linalg.SymmetricEigen;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.ConfigException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sparse PCA in the formulation of scikit-learn's {@code SparsePCA} (Mairal, Bach, Ponce and
 * Sapiro 2009; Jenatton, Obozinski and Bach 2010): dictionary learning on the centred data
 * X̃ = X − μ with the sparsity on the <b>components</b> rather than on the codes,
 * <pre>  min_{U, V} ½‖X̃ − U·V‖²_F + α‖V‖₁   subject to ‖U_k‖₂ ≤ 1 for every column k of U,</pre>
 * U (n × c) the codes and V (c × d) the components. In memory. Alternating minimisation:
 * <ol>
 *   <li>V-step: for every feature j, the lasso min_v ½‖X̃_{:j} − U·v‖² + α‖v‖₁ by coordinate descent
 *       ({@link SparseCoding}, Gram UᵀU, correlations X̃ᵀ·U, warm-started);</li>
 *   <li>U-step: one block-coordinate sweep over the columns, with A = V·Vᵀ and B = X̃·Vᵀ:
 *       u_k = U_k + (B_k − U·A_k)/A_kk, then U_k = u_k / max(1, ‖u_k‖₂) (projection on the ball).</li>
 * </ol>
 * Deterministic start (no seed): U = the top-c PCA scores with columns scaled to unit norm,
 * V = Uᵀ·X̃. Stops when ‖U_new − U_old‖_F/‖U_new‖_F ≤ {@code tol} or at {@code max_iter}. The saved
 * components are the rows of V scaled to unit norm (scikit-learn does the same), and encoding is
 * ridge regression on them ({@link SparsePcaDictionary}).
 *
 * <p>Provenance metrics: {@code iterations}, {@code final_code_change}, {@code relative_error}
 * (‖X̃ − X̂̃‖_F/‖X̃‖_F with the dictionary's own ridge encoding), {@code component_sparsity}
 * (fraction of zero entries in the components), {@code objective} (the value of the problem above
 * at the final U and V, before the components are scaled; scikit-learn's {@code error_[-1]}).
 */
public final class SparsePcaLearner implements DictionaryLearner {

    private final String id;
    private final int concepts;
    private final double alpha;
    private final double ridgeAlpha;
    private final int maxIter;
    private final double tol;
    private final Map<String, Object> hyperparameters;

    SparsePcaLearner(String id, int concepts, double alpha, double ridgeAlpha, int maxIter, double tol,
                     Map<String, Object> hyperparameters) {
        this.id = id;
        this.concepts = concepts;
        this.alpha = alpha;
        this.ridgeAlpha = ridgeAlpha;
        this.maxIter = maxIter;
        this.tol = tol;
        this.hyperparameters = hyperparameters;
    }

    /** The data and its codes in memory, and the directions with two working copies. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        return StateSize.of(id, concepts, inputDim, rows, 3, true, true);
    }

    @Override
    public SparsePcaDictionary fit(ActivationSource data, RunContext context) {
        long start = System.nanoTime();
        ClassicalData.requireRows(data, 2, id);
        int c = concepts;
        int d = data.dim();
        if (c > Math.min(d, data.rows())) {
            throw ConfigException.outOfRange(id + " concepts", c, "[1, " + Math.min(d, data.rows())
                    + "] (at most the input width and the number of rows)");
        }
        FloatMatrix x = ClassicalData.readAll(data, id, context);
        int n = x.rows();
        SecondMoments moments = SecondMoments.accumulate(ActivationSource.of(x), true, id, context);
        float[] mean = ClassicalData.toFloat(moments.mean());
        FloatMatrix centred = ClassicalData.centred(x, mean);
        SymmetricEigen eigen = SymmetricEigen.of(moments.moment(), d);
        float[] directions = new float[c * d];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                directions[k * d + j] = (float) eigen.vectors()[k][j];
            }
        }
        float[] u = Matrices.multiply(centred, false, new FloatMatrix(c, d, directions), true).data();
        for (int k = 0; k < c; k++) {
            double norm = columnNorm(u, n, c, k);
            if (norm > 0) {
                for (int i = 0; i < n; i++) {
                    u[i * c + k] /= (float) norm;
                }
            }
        }
        FloatMatrix codes = new FloatMatrix(n, c, u);
        FloatMatrix componentsT = Matrices.multiply(centred, true, codes, false);
        int iterations = 0;
        double change = Double.NaN;
        while (iterations < maxIter) {
            context.cancellation().throwIfCancelled(id);
            iterations++;
            componentsT = SparseCoding.lassoFromGram(Matrices.widen(Matrices.gram(codes)),
                    Matrices.multiply(centred, true, codes, false), c, alpha, componentsT);
            float[] previous = codes.data().clone();
            updateCodes(centred, codes.data(), componentsT, n, c);
            change = ClassicalData.relativeChange(codes.data(), previous);
            if (change <= tol) {
                break;
            }
        }
        double objective = objective(centred, codes, componentsT, alpha);
        FloatMatrix components = componentsT.transpose();
        int zeros = 0;
        for (int k = 0; k < c; k++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += (double) components.data()[k * d + j] * components.data()[k * d + j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                if (components.data()[k * d + j] == 0f) {
                    zeros++;
                } else {
                    components.data()[k * d + j] /= (float) norm;
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", iterations);
        metrics.put("final_code_change", change);
        metrics.put("component_sparsity", zeros / (double) (c * d));
        metrics.put("objective", objective);
        SparsePcaDictionary provisional = new SparsePcaDictionary(id, components, mean, ridgeAlpha, hyperparameters,
                ClassicalData.provenance(id, context, data, metrics, start));
        FloatMatrix reconstructed = provisional.decode(provisional.encodeToMatrix(x));
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.data().length; i++) {
            double r = x.data()[i] - reconstructed.data()[i];
            num += r * r;
            den += (double) centred.data()[i] * centred.data()[i];
        }
        metrics.put("relative_error", den == 0 ? 0 : Math.sqrt(num / den));
        return new SparsePcaDictionary(id, components, mean, ridgeAlpha, hyperparameters,
                ClassicalData.provenance(id, context, data, metrics, start));
    }

    /** One block-coordinate sweep over the columns of U (n × c, in place), each projected on the unit ball. */
    private static void updateCodes(FloatMatrix centred, float[] u, FloatMatrix componentsT, int n, int c) {
        float[] a = Matrices.gram(componentsT).data();
        float[] b = Matrices.multiply(centred, false, componentsT, false).data();
        double[] column = new double[n];
        for (int k = 0; k < c; k++) {
            double akk = a[k * c + k];
            if (akk <= 1e-12) {
                continue;
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double s = b[i * c + k];
                for (int m = 0; m < c; m++) {
                    s -= u[i * c + m] * a[m * c + k];
                }
                column[i] = u[i * c + k] + s / akk;
                norm += column[i] * column[i];
            }
            double scale = 1 / Math.max(1, Math.sqrt(norm));
            for (int i = 0; i < n; i++) {
                u[i * c + k] = (float) (column[i] * scale);
            }
        }
    }

    /** ½‖X̃ − U·V‖²_F + α‖V‖₁, with {@code componentsT} = Vᵀ (d × c). */
    private static double objective(FloatMatrix centred, FloatMatrix codes, FloatMatrix componentsT, double alpha) {
        float[] product = Matrices.multiply(codes, false, componentsT, true).data();
        double squares = 0;
        for (int i = 0; i < product.length; i++) {
            double r = centred.data()[i] - product[i];
            squares += r * r;
        }
        double l1 = 0;
        for (float v : componentsT.data()) {
            l1 += Math.abs(v);
        }
        return 0.5 * squares + alpha * l1;
    }

    private static double columnNorm(float[] m, int rows, int cols, int k) {
        double s = 0;
        for (int i = 0; i < rows; i++) {
            s += (double) m[i * cols + k] * m[i * cols + k];
        }
        return Math.sqrt(s);
    }

}
