package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.Capability;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearner;
import java.util.Set;

/**
 * {@code kmeans}: k-means clustering with k-means++ seeding (Arthur and Vassilvitskii 2007), Lloyd
 * iterations in memory or mini-batch k-means (Sculley 2010) streamed when {@code batch_size} is set;
 * see {@link KMeansLearner}.
 */
public final class KMeansLearnerFactory extends ClassicalFactory {

    /** Learner id. */
    public static final String ID = "kmeans";
    private static final Setting<Integer> CONCEPTS = concepts(1 << 20);
    private static final Setting<Integer> MAX_ITER = maxIter(100);
    private static final Setting<Integer> BATCH_SIZE = Setting.integer("batch_size",
            "rows per mini-batch, streamed; 0 for full-batch Lloyd iterations in memory").defaultValue(0)
            .range(0, 1 << 20);
    private static final Settings SETTINGS = Settings.of(CONCEPTS, MAX_ITER, TOL, BATCH_SIZE);

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
    public Settings settings() {
        return SETTINGS;
    }

    @Override
    protected DictionaryLearner build(Settings.Values values) {
        return new KMeansLearner(ID, values.get(CONCEPTS), values.get(MAX_ITER), values.get(TOL),
                values.get(BATCH_SIZE), values.toMap());
    }

    @Override
    protected MatrixDictionary restore(SavedDictionary saved, Settings.Values values, Provenance provenance) {
        return new KMeansDictionary(ID, saved.weights().matrix(MatrixDictionary.ATOMS), values.toMap(), provenance);
    }
}
