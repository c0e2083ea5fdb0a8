package dev.facet.dictionaries.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.spi.ConfigException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What produced an artifact: the learner, seed, device, training data, metrics and the software
 * that wrote it. Stored as {@code provenance.json} next to a dictionary's weights.
 *
 * <pre>{@code
 * Provenance p = Provenance.builder()
 *         .setLearner("topk-sae")
 *         .optSeed(42)
 *         .optSource(Map.of("store", "/data/acts", "model", "dinov2-small", "hook", "blocks.9"))
 *         .build();
 * }</pre>
 *
 * @param learner         id of the learner that trained the artifact (required, non-blank)
 * @param seed            the run's root seed, or {@code null} when not recorded
 * @param device          the device trained on (e.g. "cpu", "cuda:0"), or {@code null}
 * @param source          the training data (store path, model, hook point, ...); JSON-compatible values
 * @param metrics         final metrics (loss, explained variance, ...); JSON-compatible values
 * @param trainingSeconds wall-clock training time, or {@code null}
 * @param created         when the artifact was written (UTC)
 * @param java            the {@code java.version} that wrote it
 * @param os              {@code os.name} and {@code os.arch} of the machine that wrote it
 * @param facet           the Facet version that wrote it ("dev" outside a released jar)
 */
public record Provenance(String learner, Long seed, String device, Map<String, Object> source,
        Map<String, Object> metrics, Double trainingSeconds, Instant created, String java, String os,
        String facet) {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE = new TypeReference<>() {
    };
    private static final Set<String> KEYS = Set.of("learner", "seed", "device", "source", "metrics",
            "training_seconds", "created", "java", "os", "facet");

    public Provenance {
        requireText("learner", learner);
        requireText("java", java);
        requireText("os", os);
        requireText("facet", facet);
        if (created == null) {
            throw new ConfigException("Invalid provenance created: null; expected an instant");
        }
        if (trainingSeconds != null && !(trainingSeconds >= 0 && Double.isFinite(trainingSeconds))) {
            throw ConfigException.outOfRange("provenance training_seconds", trainingSeconds, "finite, >= 0");
        }
        source = normalize("source", source);
        metrics = normalize("metrics", metrics);
    }

    /** A builder; {@link Builder#setLearner} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** This provenance as a JSON object with snake_case keys; absent optional values are omitted. */
    public ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("learner", learner);
        node.put("created", created.toString());
        node.put("facet", facet);
        node.put("java", java);
        node.put("os", os);
        if (device != null) {
            node.put("device", device);
        }
        if (seed != null) {
            node.put("seed", seed);
        }
        if (trainingSeconds != null) {
            node.put("training_seconds", trainingSeconds);
        }
        node.set("source", Json.MAPPER.valueToTree(source));
        node.set("metrics", Json.MAPPER.valueToTree(metrics));
        return node;
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @throws ConfigException naming the key when a key is unknown, missing or of the wrong type
     */
    public static Provenance fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException("Invalid provenance: expected a JSON object, found "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        Set<String> unknown = new TreeSet<>();
        node.properties().forEach(field -> unknown.add(field.getKey()));
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException("Invalid provenance: unknown keys " + unknown + "; allowed: "
                    + new TreeSet<>(KEYS));
        }
        JsonNode seed = node.get("seed");
        if (seed != null && !(seed.isIntegralNumber() && seed.canConvertToLong())) {
            throw new ConfigException("Invalid provenance seed: " + seed + "; expected a 64-bit integer");
        }
        JsonNode seconds = node.get("training_seconds");
        if (seconds != null && !seconds.isNumber()) {
            throw new ConfigException("Invalid provenance training_seconds: " + seconds + "; expected a number");
        }
        return new Provenance(text(node, "learner", true), seed == null ? null : seed.longValue(),
                text(node, "device", false), map(node, "source"), map(node, "metrics"),
                seconds == null ? null : seconds.doubleValue(), instant(node), text(node, "java", true),
                text(node, "os", true), text(node, "facet", true));
    }

    private static String text(JsonNode node, String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null && !required) {
            return null;
        }
        if (value == null || !value.isTextual()) {
            throw new ConfigException("Invalid provenance " + key + ": " + (value == null ? "missing" : value)
                    + "; expected a string");
        }
        return value.textValue();
    }

    private static Map<String, Object> map(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new ConfigException("Invalid provenance " + key + ": " + value + "; expected a JSON object");
        }
        return Json.MAPPER.convertValue(value, MAP_TYPE);
    }

    private static Instant instant(JsonNode node) {
        String text = text(node, "created", true);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigException("Invalid provenance created: '" + text
                    + "'; expected an ISO-8601 UTC instant such as 2025-01-31T12:00:00Z", e);
        }
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException("Invalid provenance " + key + ": " + (value == null ? "null" : "'" + value + "'")
                    + "; expected a non-blank string");
        }
    }

    /**
     * A copy of {@code map} passed through JSON, so that it is JSON-compatible and equal to the
     * same map read back (a {@code float} becomes a {@code double}, a small {@code long} an
     * {@code int}).
     */
    private static Map<String, Object> normalize(String key, Map<String, Object> map) {
        if (map == null) {
            return Map.of();
        }
        try {
            return Collections.unmodifiableMap(Json.MAPPER.convertValue(Json.MAPPER.valueToTree(map), MAP_TYPE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid provenance " + key + ": " + map
                    + " cannot be written as JSON (" + e.getMessage() + ")", e);
        }
    }

    /** Builds a {@link Provenance}, filling in the time, Java, OS and Facet versions. */
    public static final class Builder {
        private String learner;
        private Long seed;
        private String device;
        private Map<String, Object> source = Map.of();
        private Map<String, Object> metrics = Map.of();
        private Double trainingSeconds;

        private Builder() {
        }

        /** The id of the learner that trained the artifact (required). */
        public Builder setLearner(String learner) {
            this.learner = learner;
            return this;
        }

        /** The run's root seed. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The device trained on, e.g. "cpu" or "cuda:0". */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** The training data: store path, model, hook point, ...; values must be JSON-compatible. */
        public Builder optSource(Map<String, Object> source) {
            this.source = source;
            return this;
        }

        /** Final metrics; values must be JSON-compatible. */
        public Builder optMetrics(Map<String, Object> metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Wall-clock training time in seconds. */
        public Builder optTrainingSeconds(double seconds) {
            this.trainingSeconds = seconds;
            return this;
        }

        /**
         * The provenance, created now.
         *
         * @throws ConfigException when the learner is missing or a value is invalid
         */
        public Provenance build() {
            if (learner == null) {
                throw new ConfigException("Provenance needs a learner: call setLearner(id) before build()");
            }
            return new Provenance(learner, seed, device, source, metrics, trainingSeconds,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), facetVersion());
        }

        private static String facetVersion() {
            Package pkg = Provenance.class.getPackage();
            String version = pkg == null ? null : pkg.getImplementationVersion();
            return version == null || version.isBlank() ? "dev" : version;
        }
    }
}
