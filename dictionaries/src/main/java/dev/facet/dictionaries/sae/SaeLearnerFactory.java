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
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sparse-autoencoder learner id with its default sparsifier: {@code relu} (vanilla SAE with an
 * L1 penalty), {@code topk}, {@code batchtopk}, {@code jumprelu}, {@code mp}, {@code omp},
 * {@code matryoshka} (BatchTopK over nested prefixes). Every part stays configurable: the
 * hyperparameter keys are those of {@link SaeConfig} and {@link TrainerConfig}.
 */
public final class SaeLearnerFactory implements DictionaryLearnerFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final SparsifierKind sparsifier;
    private final boolean matryoshka;
    private final String description;

    public SaeLearnerFactory(String id, SparsifierKind sparsifier, boolean matryoshka, String description) {
        this.id = id;
        this.sparsifier = sparsifier;
        this.matryoshka = matryoshka;
        this.description = description;
    }

    /** The built-in SAE learners. */
    public static List<SaeLearnerFactory> builtins() {
        return List.of(
                new SaeLearnerFactory("relu", SparsifierKind.RELU, false, "Vanilla SAE: ReLU codes, MSE + L1"),
                new SaeLearnerFactory("topk", SparsifierKind.TOPK, false, "TopK SAE (Gao et al. 2024)"),
                new SaeLearnerFactory("batchtopk", SparsifierKind.BATCHTOPK, false,
                        "BatchTopK SAE (Bussmann et al. 2024)"),
                new SaeLearnerFactory("jumprelu", SparsifierKind.JUMPRELU, false,
                        "JumpReLU SAE (Rajamanoharan et al. 2024)"),
                new SaeLearnerFactory("mp", SparsifierKind.MP, false, "Matching-pursuit SAE"),
                new SaeLearnerFactory("omp", SparsifierKind.OMP, false,
                        "Orthogonal matching-pursuit SAE (non-negative refit)"),
                new SaeLearnerFactory("matryoshka", SparsifierKind.BATCHTOPK, true,
                        "Matryoshka BatchTopK SAE (Bussmann et al. 2025)"));
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
        return Set.of(Capability.STREAMING_FIT);
    }

    @Override
    public SaeLearner create(ConfigValues hyperparameters) {
        Set<String> allowed = new HashSet<>(SaeConfig.KEYS);
        allowed.addAll(TrainerConfig.KEYS);
        hyperparameters.rejectUnknown(allowed);
        return SaeLearner.builder().setId(id)
                .setArchitecture(SaeConfig.from(hyperparameters, sparsifier, matryoshka))
                .optTrainer(TrainerConfig.from(hyperparameters))
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
            architecture = SaeConfig.from(values(saved.config().get("architecture"), configFile), sparsifier, matryoshka);
            trainer = TrainerConfig.from(values(saved.config().get("trainer"), configFile));
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
            SparseAutoencoder model = SparseAutoencoder.create(manager, architecture, inputDim, 0L, List.of());
            model.parameters().load(saved.weights().tensors(), saved.weights().file());
            return new SaeDictionary(id, manager, model, trainer, saved.provenanceRecord());
        } catch (RuntimeException e) {
            manager.close();
            if (e instanceof FacetException) {
                throw e;
            }
            throw new CorruptArtifactException(directory, "cannot rebuild the SAE: " + e.getMessage(), e);
        }
    }

    private static ConfigValues values(JsonNode node, Path file) {
        if (node == null || !node.isObject()) {
            throw new CorruptArtifactException(file, "expected an object, found " + node);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(node, Map.class);
        return ConfigValues.of(file.toString(), map);
    }
}
