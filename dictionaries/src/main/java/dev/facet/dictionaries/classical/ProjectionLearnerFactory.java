package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.Capability;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Set;

/**
 * The two projection learners, fitted from the second moments streamed over batches (so they fit a
 * store of any size). One setting: {@code concepts}, 1..d.
 * <ul>
 *   <li>{@code pca}: principal component analysis (Pearson 1901; Hotelling 1933). Mean-centred;
 *       the atoms are the top-c principal directions (orthonormal rows), the offset is the mean,
 *       encode is (x − μ)·Dᵀ; explained-variance ratios are saved.</li>
 *   <li>{@code svd}: truncated singular value decomposition (Eckart and Young 1936), no centring:
 *       the atoms are the top-c right singular vectors of X (top eigenvectors of XᵀX); encode is
 *       x·Dᵀ, decode z·D; singular values are saved.</li>
 * </ul>
 */
public final class ProjectionLearnerFactory extends ClassicalFactory {

    private static final Setting<Integer> CONCEPTS = concepts(1 << 16);
    private static final Settings SETTINGS = Settings.of(CONCEPTS);

    private final String id;
    private final boolean centred;
    private final String description;
    private final String spectrum;

    private ProjectionLearnerFactory(String id, boolean centred, String description, String spectrum) {
        this.id = id;
        this.centred = centred;
        this.description = description;
        this.spectrum = spectrum;
    }

    /** {@code pca}. */
    public static ProjectionLearnerFactory pca() {
        return new ProjectionLearnerFactory("pca", true,
                "PCA: top principal directions of the streamed covariance (Hotelling 1933)",
                ProjectionDictionary.EXPLAINED_VARIANCE_RATIO);
    }

    /** {@code svd}. */
    public static ProjectionLearnerFactory svd() {
        return new ProjectionLearnerFactory("svd", false,
                "Truncated SVD: top right singular vectors of the streamed XᵀX (Eckart and Young 1936)",
                ProjectionDictionary.SINGULAR_VALUES);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.STREAMING_FIT, Capability.ENCODER_GRADIENTS);
    }

    @Override
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    protected DictionaryLearner build(Settings.Values values) {
        return new ProjectionLearner(id, values.get(CONCEPTS), centred, values.toMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, Settings.Values values, Provenance provenance) {
        FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        float[] offset = MatrixDictionary.savedOffset(saved);
        if (centred && offset == null) {
            throw new InvalidDataException("missing tensor '" + MatrixDictionary.OFFSET + "'");
        }
        return new ProjectionDictionary(id, atoms, offset, saved.weights().tensor(spectrum).data(), spectrum,
                values.toMap(), provenance);
    }
}
