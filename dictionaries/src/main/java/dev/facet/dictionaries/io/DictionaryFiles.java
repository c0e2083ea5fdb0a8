package dev.facet.dictionaries.io;

import dev.facet.spi.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dictionary directory format (docs/formats.md#dictionary-directory): {@value #CONFIG} (format,
 * version, learner id and hyperparameters), {@value #WEIGHTS} (the tensors, readable in Python with
 * {@code safetensors.numpy.load_file}) and {@value #PROVENANCE} (what produced it).
 *
 * <pre>{@code
 * config.json:  {"format": "facet-dictionary", "format_version": 1, "learner": "topk-sae", ...}
 * weights.safetensors: __metadata__ {"format": "facet-dictionary", "format_version": "1", "learner": "topk-sae"}
 * provenance.json: see Provenance#toMap
 * }</pre>
 *
 * <p>Each file is written atomically (temporary name, then rename). Rewriting a directory first
 * deletes its {@value #CONFIG} and writes the new one last, so a directory whose writer was killed
 * lacks it and is rejected on reading: it never mixes an older dictionary's files with a newer one's.
 * Other entries (a training {@code checkpoint/}, {@code metrics.json}, the lock file) are left alone.
 */
public final class DictionaryFiles {

    /** The value of {@code format} in {@value #CONFIG} and in the weights' metadata. */
    public static final String FORMAT = "facet-dictionary";
    /** The format version this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** The configuration file's name. */
    public static final String CONFIG = "config.json";
    /** The weights file's name. */
    public static final String WEIGHTS = "weights.safetensors";
    /** The provenance file's name. */
    public static final String PROVENANCE = "provenance.json";

    static final String FORMAT_KEY = "format";
    static final String VERSION_KEY = "format_version";
    static final String LEARNER_KEY = "learner";

    private DictionaryFiles() {
    }

    /**
     * Writes a dictionary into {@code directory}, creating it if needed and replacing the three
     * files if present.
     *
     * @param config     the learner's configuration; must hold a string {@code learner}; may hold
     *                   {@code format} and {@code format_version} only with this format's values
     * @param weights    the tensors, by name
     * @param provenance what produced the dictionary; its learner must equal the config's
     * @throws ConfigException when the config lacks a learner or disagrees with the format or provenance
     * @throws FacetException  naming the file that cannot be written
     */
    public static void write(Path directory, ObjectNode config, Map<String, Tensor> weights, Provenance provenance) {
        if (config == null || weights == null || provenance == null) {
            throw new ConfigException("Writing a dictionary needs a config, weights and provenance; found config="
                    + config + ", weights=" + (weights == null ? null : weights.keySet()) + ", provenance="
                    + provenance);
        }
        String learner = requireLearner(config);
        if (!learner.equals(provenance.learner())) {
            throw new ConfigException("Config learner '" + learner + "' differs from provenance learner '"
                    + provenance.learner() + "'; expected the same id");
        }
        ObjectNode fileConfig = withFormat(config);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new FacetException("Cannot create the dictionary directory " + directory + ": " + e, e);
        }
        unpublish(directory.resolve(CONFIG));
        Safetensors.write(directory.resolve(WEIGHTS), weights, Map.of(FORMAT_KEY, FORMAT,
                VERSION_KEY, Integer.toString(FORMAT_VERSION), LEARNER_KEY, learner));
        AtomicFiles.write(directory.resolve(PROVENANCE), Json.pretty(Json.MAPPER.valueToTree(provenance.toMap())));
        AtomicFiles.write(directory.resolve(CONFIG), Json.pretty(fileConfig));
    }

    /** Deletes an older {@value #CONFIG}, durably, so the directory reads as incomplete until the new one. */
    private static void unpublish(Path config) {
        try {
            if (Files.deleteIfExists(config)) {
                AtomicFiles.syncDirectory(config.getParent());
            }
        } catch (IOException e) {
            throw new FacetException("Cannot replace the dictionary in " + config.getParent() + ": " + e, e);
        }
    }

    /**
     * Reads the dictionary in {@code directory}.
     *
     * @throws CorruptArtifactException naming the path when the directory or one of its files is
     *                                  missing, a file is malformed, the format is not
     *                                  {@value #FORMAT}, the version is not {@value #FORMAT_VERSION},
     *                                  the learner is missing or disagrees with the weights, or a
     *                                  weight is NaN or infinite (naming the tensor and index)
     */
    public static SavedDictionary read(Path directory) {
        if (!Files.exists(directory)) {
            throw new CorruptArtifactException(directory, "missing: expected a dictionary directory holding "
                    + CONFIG + ", " + WEIGHTS + " and " + PROVENANCE);
        }
        if (!Files.isDirectory(directory)) {
            throw new CorruptArtifactException(directory, "is a file; expected a dictionary directory holding "
                    + CONFIG + ", " + WEIGHTS + " and " + PROVENANCE);
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of(CONFIG, WEIGHTS, PROVENANCE)) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new CorruptArtifactException(directory, "incomplete dictionary: missing " + String.join(", ", missing)
                    + "; expected " + CONFIG + ", " + WEIGHTS + " and " + PROVENANCE);
        }
        Path configFile = directory.resolve(CONFIG);
        JsonNode configNode = readJson(configFile);
        if (!configNode.isObject()) {
            throw new CorruptArtifactException(configFile, "is a JSON " + configNode.getNodeType()
                    + "; expected an object");
        }
        ObjectNode config = (ObjectNode) configNode;
        String learner = checkFormat(configFile, config);
        SafetensorsFile weights = Safetensors.read(directory.resolve(WEIGHTS));
        FiniteWeights.require(weights);
        String weightsLearner = weights.metadata().get(LEARNER_KEY);
        if (weightsLearner != null && !weightsLearner.equals(learner)) {
            throw new CorruptArtifactException(directory.resolve(WEIGHTS), "metadata learner '" + weightsLearner
                    + "' differs from '" + learner + "' in " + CONFIG + "; expected the same id");
        }
        Path provenanceFile = directory.resolve(PROVENANCE);
        JsonNode provenance = readJson(provenanceFile);
        if (!provenance.isObject()) {
            throw new CorruptArtifactException(provenanceFile, "is a JSON " + provenance.getNodeType()
                    + "; expected an object");
        }
        return new SavedDictionary(directory, config, weights, provenance);
    }

    /** Checks format, version and learner; returns the learner id. */
    private static String checkFormat(Path file, ObjectNode config) {
        JsonNode format = config.get(FORMAT_KEY);
        if (format == null || !FORMAT.equals(format.textValue())) {
            throw new CorruptArtifactException(file, "'" + FORMAT_KEY + "' is " + (format == null ? "missing" : format)
                    + "; expected \"" + FORMAT + "\"");
        }
        JsonNode version = config.get(VERSION_KEY);
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new CorruptArtifactException(file, "'" + VERSION_KEY + "' is "
                    + (version == null ? "missing" : version) + "; expected the integer " + FORMAT_VERSION);
        }
        if (version.intValue() > FORMAT_VERSION) {
            throw new CorruptArtifactException(file, "'" + VERSION_KEY + "' is " + version.intValue()
                    + ": written by a newer Facet; this version reads " + VERSION_KEY + " " + FORMAT_VERSION);
        }
        if (version.intValue() != FORMAT_VERSION) {
            throw new CorruptArtifactException(file, "unsupported '" + VERSION_KEY + "' " + version.intValue()
                    + "; expected " + FORMAT_VERSION);
        }
        JsonNode learner = config.get(LEARNER_KEY);
        if (learner == null || !learner.isTextual() || learner.textValue().isBlank()) {
            throw new CorruptArtifactException(file, "'" + LEARNER_KEY + "' is " + (learner == null ? "missing" : learner)
                    + "; expected the learner id as a string");
        }
        return learner.textValue();
    }

    private static String requireLearner(ObjectNode config) {
        JsonNode learner = config.get(LEARNER_KEY);
        if (learner == null || !learner.isTextual() || learner.textValue().isBlank()) {
            throw new ConfigException("Invalid dictionary config: '" + LEARNER_KEY + "' is "
                    + (learner == null ? "missing" : learner) + "; expected the learner id as a string");
        }
        return learner.textValue();
    }

    /** {@code format} and {@code format_version} first, then the caller's keys. */
    private static ObjectNode withFormat(ObjectNode config) {
        JsonNode format = config.get(FORMAT_KEY);
        if (format != null && !FORMAT.equals(format.textValue())) {
            throw new ConfigException("Invalid dictionary config: '" + FORMAT_KEY + "' is " + format
                    + "; it is reserved and, when present, must be \"" + FORMAT + "\"");
        }
        JsonNode version = config.get(VERSION_KEY);
        if (version != null && !(version.isIntegralNumber() && version.asLong() == FORMAT_VERSION)) {
            throw new ConfigException("Invalid dictionary config: '" + VERSION_KEY + "' is " + version
                    + "; it is reserved and, when present, must be " + FORMAT_VERSION);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put(FORMAT_KEY, FORMAT);
        out.put(VERSION_KEY, FORMAT_VERSION);
        for (Map.Entry<String, JsonNode> field : config.properties()) {
            if (!field.getKey().equals(FORMAT_KEY) && !field.getKey().equals(VERSION_KEY)) {
                out.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return out;
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(file));
            if (node == null || node.isMissingNode()) {
                throw new CorruptArtifactException(file, "is empty; expected a JSON object");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "missing", e);
        } catch (JsonProcessingException e) {
            throw new CorruptArtifactException(file, "is not valid JSON: " + e.getOriginalMessage()
                    + "; expected a JSON object", e);
        } catch (IOException e) {
            throw new FacetException("Cannot read " + file + ": " + e, e);
        }
    }
}
