package dev.facet.dictionaries.classical;

import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.Map;

/**
 * A dictionary of orthonormal atoms found by PCA (Pearson 1901; Hotelling 1933) or truncated SVD
 * (Eckart and Young 1936): codes are the orthogonal projection z = (x − μ)·Dᵀ and decode is
 * z·D + μ, the best rank-c approximation in the least-squares sense. For PCA μ is the mean and
 * {@link #spectrum()} holds the explained-variance ratios; for truncated SVD there is no offset and
 * the spectrum holds the singular values of the training matrix. Differentiable: the gradient of
 * sum(z ⊙ w) is w·D. Saved tensor
 * {@code explained_variance_ratio} (PCA) or {@code singular_values} (SVD) beside {@code atoms}.
 */
public final class ProjectionDictionary extends LinearCodedDictionary {

    /** Saved name of the PCA explained-variance ratios. */
    public static final String EXPLAINED_VARIANCE_RATIO = "explained_variance_ratio";
    /** Saved name of the truncated-SVD singular values. */
    public static final String SINGULAR_VALUES = "singular_values";

    private final float[] spectrum;
    private final String spectrumName;

    ProjectionDictionary(String learner, FloatMatrix atoms, float[] offset, float[] spectrum, String spectrumName,
                         Map<String, Object> hyperparameters, Provenance provenance) {
        super(learner, atoms, offset, hyperparameters, provenance);
        this.spectrum = spectrum.clone();
        this.spectrumName = spectrumName;
    }

    /** Explained-variance ratio of each component (PCA) or singular value (SVD), descending. */
    public float[] spectrum() {
        return spectrum.clone();
    }

    /** The orthonormal atoms themselves. */
    @Override
    protected FloatMatrix projection() {
        return atoms();
    }

    @Override
    protected Map<String, Tensor> extraTensors() {
        return Map.of(spectrumName, new Tensor(new long[] {spectrum.length}, spectrum));
    }
}
