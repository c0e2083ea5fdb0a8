package dev.facet.dictionaries.classical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The shape shared by the classical learner factories: the settings a factory declares, a learner
 * built from the values validated against them, and loading of the {@link MatrixDictionary}
 * directory the learner saved, where the saved hyperparameters are validated again and any
 * inconsistency becomes a {@link CorruptArtifactException}.
 */
public abstract class ClassicalFactory implements DictionaryLearnerFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stopping tolerance most classical learners share. */
    static final Setting<Double> TOL = Setting.decimal("tol", "stop when the relative change is at most this")
            .defaultValue(1e-4).range(0, 1);

    /** The required number of atoms, at most {@code max}. */
    static Setting<Integer> concepts(int max) {
        return Setting.integer("concepts", "number of atoms c").range(1, max);
    }

    /** The iteration budget, {@code fallback} by default. */
    static Setting<Integer> maxIter(int fallback) {
        return Setting.integer("max_iter", "iterations at most").defaultValue(fallback).range(1, 1_000_000);
    }

    @Override
    public abstract Settings settings();

    /**
     * {@link Capability#ENCODER_GRADIENTS}: the classical dictionaries are differentiable (linear
     * projections or least-squares codes) unless a factory says otherwise, as k-means does.
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ENCODER_GRADIENTS);
    }

    /** A learner from validated values. */
    protected abstract DictionaryLearner build(Settings.Values hyperparameters);

    /** Rebuilds the dictionary from what it saved. */
    protected abstract MatrixDictionary restore(SavedDictionary saved, Settings.Values hyperparameters,
                                                Provenance provenance);

    @Override
    public DictionaryLearner create(ConfigValues hyperparameters) {
        return build(settings().read(hyperparameters));
    }

    @Override
    public MatrixDictionary load(Path directory) {
        SavedDictionary saved = MatrixDictionary.read(directory, id());
        Path configFile = directory.resolve(DictionaryFiles.CONFIG);
        try {
            JsonNode node = saved.config().get("hyperparameters");
            if (node == null || !node.isObject()) {
                throw new CorruptArtifactException(configFile, "expected an object 'hyperparameters', found " + node);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.convertValue(node, Map.class);
            return restore(saved, settings().read(configFile.toString(), map), saved.provenanceRecord());
        } catch (ConfigException | InvalidDataException e) {
            throw new CorruptArtifactException(directory, "invalid " + id() + " dictionary: " + e.getMessage(), e);
        }
    }
}
