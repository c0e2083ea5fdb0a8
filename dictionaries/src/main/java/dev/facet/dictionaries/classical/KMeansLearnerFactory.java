package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearner;
import java.util.Set;

/**
 * {@code kmeans}: k-means clustering with k-means++ seeding (Arthur and Vassilvitskii 2007), Lloyd
 * iterations in memory or mini-batch k-means (Sculley 2010) streamed when {@code batch_size} is set;
 * see {@link KMeansLearner}. Hyperparameters: {@code concepts} (required, the number of centroids),
 * {@code max_iter} (Lloyd iterations or mini-batch epochs, default 100), {@code tol} (default 1e-4),
 * {@code batch_size} (0 = full batch, the default).
 */
public final class KMeansLearnerFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "kmeans";
    static final Set<String> KEYS = Set.of("concepts", "max_iter", "tol", "batch_size");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "k-means (k-means++ seeding; Lloyd, or mini-batch when batch_size is set; Sculley 2010)";
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
        return new KMeansLearner(ID, values.requireInt("concepts", 1, 1 << 20),
                values.optInt("max_iter", 100, 1, 1_000_000), values.optDouble("tol", 1e-4, 0, 1),
                values.optInt("batch_size", 0, 0, 1 << 20), values.asMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, ConfigValues values, Provenance provenance) {
        return new KMeansDictionary(ID, saved.weights().matrix(MatrixDictionary.ATOMS), values.asMap(), provenance);
    }
}
