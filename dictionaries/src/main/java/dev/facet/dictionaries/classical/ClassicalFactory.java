package dev.facet.dictionaries.classical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The shape shared by the classical learner factories: a fixed set of hyperparameter keys
 * (unknown keys are an error), a learner built from validated values, and loading of the
 * {@link MatrixDictionary} directory the learner saved, where the saved hyperparameters are
 * validated again and any inconsistency becomes a {@link CorruptArtifactException}.
 */
public abstract class ClassicalFactory implements DictionaryLearnerFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The hyperparameter keys this learner understands. */
    protected abstract Set<String> keys();

    /** A learner from values whose keys were already checked. */
    protected abstract DictionaryLearner build(ConfigValues hyperparameters);

    /** Rebuilds the dictionary from what it saved. */
    protected abstract MatrixDictionary restore(SavedDictionary saved, ConfigValues hyperparameters,
                                                Provenance provenance);

    @Override
    public DictionaryLearner create(ConfigValues hyperparameters) {
        hyperparameters.rejectUnknown(keys());
        return build(hyperparameters);
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
            ConfigValues values = ConfigValues.of(configFile.toString(), map).rejectUnknown(keys());
            return restore(saved, values, saved.provenanceRecord());
        } catch (ConfigException | InvalidDataException e) {
            throw new CorruptArtifactException(directory, "invalid " + id() + " dictionary: " + e.getMessage(), e);
        }
    }
}
