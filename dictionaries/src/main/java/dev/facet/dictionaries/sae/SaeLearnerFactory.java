package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.io.SavedDictionary;
import dev.facet.dictionaries.sae.SaeConfig.SparsifierKind;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.Device;
import dev.facet.spi.FacetException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sparse-autoencoder learner id with its sparsifier: {@code relu} (vanilla SAE with an L1
 * penalty), {@code topk}, {@code batchtopk}, {@code jumprelu}, {@code mp}, {@code omp},
 * {@code matryoshka} (BatchTopK over nested prefixes); {@link SaeLearners} lists them. The id fixes
 * the sparsifier, so the setting {@code sparsifier} is refused; every other part stays
 * configurable through the settings of {@link SaeConfig} and {@link TrainerConfig}, with the
 * defaults that follow from the sparsifier.
 */
public final class SaeLearnerFactory implements DictionaryLearnerFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final SparsifierKind sparsifier;
    private final String description;
    private final Settings architecture;
    private final Settings settings;

    /** Learner {@code id} with {@code sparsifier}; {@code matryoshka} makes {@code prefixes} default to nested prefixes. */
    SaeLearnerFactory(String id, SparsifierKind sparsifier, boolean matryoshka, String description) {
        this.id = id;
        this.sparsifier = sparsifier;
        this.description = description;
        Settings schema = (matryoshka ? SaeConfig.SETTINGS.replace(SaeConfig.MATRYOSHKA_PREFIXES) : SaeConfig.SETTINGS)
                .fix(SaeConfig.SPARSIFIER, sparsifier, "learner '" + id + "'");
        this.architecture = sparsifier.takesK() ? schema.replace(SaeConfig.K.required().min(1)) : schema;
        this.settings = architecture.and(TrainerConfig.SETTINGS);
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
        return settings;
    }

    @Override
    public SaeLearner create(ConfigValues hyperparameters) {
        Settings.Values values = settings.read(hyperparameters);
        return SaeLearner.builder().setId(id)
                .setArchitecture(new SaeConfig(values))
                .optTrainer(new TrainerConfig(values))
                .build();
    }

    @Override
    public SaeDictionary load(Path directory) {
        SavedDictionary saved = DictionaryFiles.read(directory);
        if (!id.equals(saved.learner())) {
            throw new CorruptArtifactException(directory, "dictionary was made by learner '" + saved.learner()
                    + "', not '" + id + "'");
        }
        Path configFile = directory.resolve(DictionaryFiles.CONFIG);
        SaeConfig architecture;
        TrainerConfig trainer;
        int inputDim;
        try {
            Map<String, Object> savedArchitecture = map(saved.config().get("architecture"), configFile);
            Object savedSparsifier = savedArchitecture.remove(SaeConfig.SPARSIFIER.name());
            if (savedSparsifier != null && !SaeConfig.id(sparsifier).equals(savedSparsifier)) {
                throw new CorruptArtifactException(configFile, "learner '" + id + "' has sparsifier "
                        + SaeConfig.id(sparsifier) + ", the saved architecture says " + savedSparsifier);
            }
            architecture = new SaeConfig(this.architecture.read(configFile.toString(), savedArchitecture));
            trainer = new TrainerConfig(TrainerConfig.SETTINGS.read(configFile.toString(),
                    map(saved.config().get("trainer"), configFile)));
            inputDim = saved.config().path("input_dim").asInt(-1);
        } catch (ConfigException e) {
            throw new CorruptArtifactException(configFile, "invalid SAE configuration: " + e.getMessage(), e);
        }
        if (inputDim < 1) {
            throw new CorruptArtifactException(configFile, "expected a positive 'input_dim', found "
                    + saved.config().get("input_dim"));
        }
        Device device = Device.CPU;
        NDManager manager = PyTorchEngines.pytorch().newBaseManager(PyTorchEngines.device(device));
        try {
            SparseAutoencoder model = PyTorchEngines.withoutGradients(() -> {
                SparseAutoencoder created = SparseAutoencoder.create(manager, architecture, inputDim, 0L, List.of());
                created.parameters().load(saved.weights().tensors(), saved.weights().file());
                return created;
            });
            SaeDictionary dictionary = new SaeDictionary(id, manager, model, trainer, saved.provenanceRecord());
            dictionary.requireSaeLensCopies(saved.weights());
            return dictionary;
        } catch (RuntimeException e) {
            manager.close();
            if (e instanceof FacetException) {
                throw e;
            }
            throw new CorruptArtifactException(directory, "cannot rebuild the SAE: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> map(JsonNode node, Path file) {
        if (node == null || !node.isObject()) {
            throw new CorruptArtifactException(file, "expected an object, found " + node);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(node, Map.class);
        return new LinkedHashMap<>(map);
    }
}
