package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.io.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Set;

/**
 * {@code pca}: principal component analysis (Pearson 1901; Hotelling 1933). Mean-centred; the
 * atoms are the top-c principal directions (orthonormal rows), the offset is the mean, encode is
 * (x − μ)·Dᵀ. Streams: the covariance accumulates over batches, so it fits a store of any size.
 * Hyperparameters: {@code concepts} (required, 1..d).
 */
public final class PcaLearnerFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "pca";
    static final Set<String> KEYS = Set.of("concepts");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "PCA: top principal directions of the streamed covariance (Hotelling 1933)";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.STREAMING_FIT);
    }

    @Override
    protected Set<String> keys() {
        return KEYS;
    }

    @Override
    protected DictionaryLearner build(ConfigValues values) {
        return new ProjectionLearner(ID, values.requireInt("concepts", 1, 1 << 16), true, values.asMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, ConfigValues values, Provenance provenance) {
        FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        float[] offset = MatrixDictionary.savedOffset(saved);
        if (offset == null) {
            throw new dev.facet.spi.InvalidDataException("missing tensor '" + MatrixDictionary.OFFSET + "'");
        }
        return new ProjectionDictionary(ID, atoms, offset,
                saved.weights().tensor(ProjectionDictionary.EXPLAINED_VARIANCE_RATIO).data(),
                ProjectionDictionary.EXPLAINED_VARIANCE_RATIO, values.asMap(), provenance);
    }
}
