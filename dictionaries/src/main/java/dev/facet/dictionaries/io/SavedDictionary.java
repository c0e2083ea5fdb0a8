package dev.facet.dictionaries.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.Provenance;
import java.nio.file.Path;

/**
 * A dictionary directory read by {@link DictionaryFiles#read}; its format and version are
 * already checked.
 *
 * @param directory  the directory read
 * @param config     {@code config.json}, including {@code format}, {@code format_version} and {@code learner}
 * @param weights    {@code weights.safetensors}
 * @param provenance {@code provenance.json}, a JSON object (see {@link #provenanceRecord})
 */
public record SavedDictionary(Path directory, ObjectNode config, SafetensorsFile weights, JsonNode provenance) {

    public SavedDictionary {
        if (directory == null || config == null || weights == null || provenance == null) {
            throw new InvalidDataException("SavedDictionary needs a directory, config, weights and provenance;"
                    + " found directory=" + directory + ", config=" + (config == null ? null : "present")
                    + ", weights=" + (weights == null ? null : "present")
                    + ", provenance=" + (provenance == null ? null : "present"));
        }
    }

    /** The id of the learner that wrote the dictionary ({@code config.learner}). */
    public String learner() {
        return config.path(DictionaryFiles.LEARNER_KEY).asText();
    }

    /**
     * {@code provenance.json} as the record.
     *
     * @throws dev.facet.spi.CorruptArtifactException naming the file and the bad key
     */
    public Provenance provenanceRecord() {
        return Provenance.fromMap(directory.resolve(DictionaryFiles.PROVENANCE),
                Json.MAPPER.convertValue(provenance, Object.class));
    }
}
