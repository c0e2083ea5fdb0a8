package dev.facet.spi.dictionary;

import dev.facet.spi.ComponentFactory;
import dev.facet.spi.config.ConfigValues;
import java.nio.file.Path;

/**
 * Makes learners of one kind from hyperparameters and loads the dictionaries they saved.
 * Declares {@link dev.facet.spi.Capability#STREAMING_FIT} when its learners fit from a stream.
 */
public interface DictionaryLearnerFactory extends ComponentFactory {

    /**
     * A learner configured by {@code hyperparameters}.
     *
     * @throws dev.facet.spi.ConfigException naming the bad or unknown key
     */
    DictionaryLearner create(ConfigValues hyperparameters);

    /**
     * Loads a dictionary this factory's learners saved.
     *
     * @throws dev.facet.spi.CorruptArtifactException when the directory is damaged or of another format version
     */
    Dictionary load(Path directory);
}
