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
 * {@code svd}: truncated singular value decomposition (Eckart and Young 1936), no centring. The
 * atoms are the top-c right singular vectors of X, found as the top eigenvectors of XᵀX streamed
 * over batches; encode is x·Dᵀ, decode z·D. Hyperparameters: {@code concepts} (required, 1..d).
 */
public final class SvdLearnerFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "svd";
    static final Set<String> KEYS = Set.of("concepts");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Truncated SVD: top right singular vectors of the streamed XᵀX (Eckart and Young 1936)";
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
        return new ProjectionLearner(ID, values.requireInt("concepts", 1, 1 << 16), false, values.asMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, ConfigValues values, Provenance provenance) {
        FloatMatrix atoms = saved.weights().matrix(MatrixDictionary.ATOMS);
        return new ProjectionDictionary(ID, atoms, null,
                saved.weights().tensor(ProjectionDictionary.SINGULAR_VALUES).data(),
                ProjectionDictionary.SINGULAR_VALUES, values.asMap(), provenance);
    }
}
