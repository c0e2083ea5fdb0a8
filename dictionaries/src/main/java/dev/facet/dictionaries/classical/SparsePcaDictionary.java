package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.linalg.SymmetricEigen;
import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A sparse-PCA dictionary (the scikit-learn {@code SparsePCA} model): sparse components D (c × d,
 * unit-norm rows, zero rows allowed), offset μ the training mean. As in scikit-learn's
 * {@code transform}, a row is encoded by ridge regression on the components,
 * z = (x − μ)·Dᵀ·(D·Dᵀ + λ·I)⁻¹ with λ = {@code ridge_alpha}, and decoded as z·D + μ. The
 * c × c inverse is computed once, by symmetric eigen-decomposition in double precision
 * (eigenvalues below 1e-12 of the largest treated as zero, i.e. a pseudo-inverse when λ = 0).
 * Differentiable: the gradient of sum(z ⊙ w) is w·(D·Dᵀ + λI)⁻¹·D.
 */
public final class SparsePcaDictionary extends LinearCodedDictionary {

    private final FloatMatrix projection;

    SparsePcaDictionary(String learner, FloatMatrix components, float[] mean, double ridgeAlpha,
                        Map<String, Object> hyperparameters, Provenance provenance) {
        super(learner, components, mean, hyperparameters, provenance);
        this.projection = ridgeProjection(components, ridgeAlpha);
    }

    /** (D·Dᵀ + λI)⁻¹·D. */
    @Override
    protected FloatMatrix projection() {
        return projection;
    }

    /** (D·Dᵀ + λI)⁻¹·D (c × d). */
    static FloatMatrix ridgeProjection(FloatMatrix d, double ridge) {
        int c = d.rows();
        int w = d.cols();
        double[] gram = SparseCoding.gram(d);
        for (int i = 0; i < c; i++) {
            gram[i * c + i] += ridge;
        }
        SymmetricEigen eigen = SymmetricEigen.of(gram, c);
        double largest = Math.max(eigen.values()[0], 0);
        double[] inverse = new double[c * c];
        for (int k = 0; k < c; k++) {
            double value = eigen.values()[k];
            if (value <= 1e-12 * largest || value <= 0) {
                continue;
            }
            double[] v = eigen.vectors()[k];
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    inverse[i * c + j] += v[i] * v[j] / value;
                }
            }
        }
        float[] out = new float[c * w];
        for (int i = 0; i < c; i++) {
            for (int k = 0; k < c; k++) {
                double a = inverse[i * c + k];
                if (a != 0) {
                    for (int j = 0; j < w; j++) {
                        out[i * w + j] += (float) (a * d.data()[k * w + j]);
                    }
                }
            }
        }
        return new FloatMatrix(c, w, out);
    }
}
