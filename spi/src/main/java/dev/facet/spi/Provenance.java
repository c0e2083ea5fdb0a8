package dev.facet.spi;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What produced an artifact: which kind of artifact it is, the learner (for a dictionary), seed,
 * device, inputs, results and the software that wrote it. The one provenance record of Facet:
 * written as {@code provenance.json} beside an activation store, a dictionary and a pipeline run
 * (docs/formats.md#provenance). Plain JDK values, so that any JSON library writes
 * {@link #toMap()} and {@link #fromMap} reads it back.
 *
 * <pre>{@code
 * Provenance p = Provenance.builder()
 *         .setLearner("topk")
 *         .optSeed(42)
 *         .optSource(Map.of("store", "/data/acts", "model", "dinov2-small", "hook_point", "layer.9"))
 *         .build();
 * }</pre>
 *
 * @param artifact        {@link #DICTIONARY}, {@link #ACTIVATION_STORE} or {@link #PIPELINE_RUN}
 * @param learner         id of the learner that trained a dictionary; {@code null} for other artifacts
 * @param seed            the run's root seed, or {@code null} when not recorded
 * @param device          the device it was computed on (e.g. "cpu", "cuda:0"), or {@code null}
 * @param source          the inputs (store path, model, hook point, config, ...); JSON-compatible values
 * @param metrics         the results (loss, explained variance, rows, stage times, ...); JSON-compatible values
 * @param trainingSeconds wall-clock training time of a dictionary, or {@code null}
 * @param created         when the artifact was written (UTC)
 * @param java            the {@code java.version} that wrote it
 * @param os              {@code os.name} and {@code os.arch} of the machine that wrote it
 * @param facet           the Facet version that wrote it ({@link FacetVersion})
 */
public record Provenance(String artifact, String learner, Long seed, String device, Map<String, Object> source,
        Map<String, Object> metrics, Double trainingSeconds, Instant created, String java, String os, String facet) {

    /** A dictionary directory. */
    public static final String DICTIONARY = "dictionary";
    /** An activation store. */
    public static final String ACTIVATION_STORE = "activation-store";
    /** The output directory of a pipeline run. */
    public static final String PIPELINE_RUN = "pipeline-run";

    private static final Set<String> ARTIFACTS = Set.of(DICTIONARY, ACTIVATION_STORE, PIPELINE_RUN);
    private static final Set<String> KEYS = Set.of("artifact", "learner", "seed", "device", "source", "metrics",
            "training_seconds", "created", "java", "os", "facet");

    public Provenance {
        if (!ARTIFACTS.contains(artifact)) {
            throw new ConfigException("Invalid provenance artifact: '" + artifact + "'; expected one of "
                    + new TreeSet<>(ARTIFACTS));
        }
        if (DICTIONARY.equals(artifact)) {
            requireText("learner", learner);
        } else if (learner != null) {
            requireText("learner", learner);
        }
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

    /** A builder; a dictionary's provenance needs {@link Builder#setLearner}. */
    public static Builder builder() {
        return new Builder();
    }

    /** This provenance as JSON-ready values with snake_case keys, in a stable order; absent optionals are omitted. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("artifact", artifact);
        if (learner != null) {
            map.put("learner", learner);
        }
        map.put("created", created.toString());
        map.put("facet", facet);
        map.put("java", java);
        map.put("os", os);
        if (device != null) {
            map.put("device", device);
        }
        if (seed != null) {
            map.put("seed", seed);
        }
        if (trainingSeconds != null) {
            map.put("training_seconds", trainingSeconds);
        }
        map.put("source", source);
        map.put("metrics", metrics);
        return map;
    }

    /**
     * Reads what {@link #toMap} wrote, as parsed from JSON. A file without {@code artifact} is a
     * dictionary's (written before stores and runs shared this record).
     *
     * @param file names the file in error messages
     * @throws CorruptArtifactException naming the file and the key when a key is unknown, missing or of the wrong type
     */
    public static Provenance fromMap(Path file, Object parsed) {
        try {
            return fromMap(parsed);
        } catch (ConfigException e) {
            throw new CorruptArtifactException(file, e.getMessage());
        }
    }

    /**
     * Reads what {@link #toMap} wrote, as parsed from JSON.
     *
     * @throws ConfigException naming the key when a key is unknown, missing or of the wrong type
     */
    public static Provenance fromMap(Object parsed) {
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ConfigException("Invalid provenance: expected a JSON object, found "
                    + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
        }
        Set<String> unknown = new TreeSet<>();
        map.keySet().forEach(key -> unknown.add(String.valueOf(key)));
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException("Invalid provenance: unknown keys " + unknown + "; allowed: " + new TreeSet<>(KEYS));
        }
        Object seed = map.get("seed");
        if (seed != null && !(seed instanceof Integer || seed instanceof Long)) {
            throw new ConfigException("Invalid provenance seed: " + seed + "; expected a 64-bit integer");
        }
        Object seconds = map.get("training_seconds");
        if (seconds != null && !(seconds instanceof Number)) {
            throw new ConfigException("Invalid provenance training_seconds: " + seconds + "; expected a number");
        }
        String artifact = text(map, "artifact", false);
        return new Provenance(artifact == null ? DICTIONARY : artifact, text(map, "learner", false),
                seed == null ? null : ((Number) seed).longValue(), text(map, "device", false), section(map, "source"),
                section(map, "metrics"), seconds == null ? null : ((Number) seconds).doubleValue(), instant(map),
                text(map, "java", true), text(map, "os", true), text(map, "facet", true));
    }

    private static String text(Map<?, ?> map, String key, boolean required) {
        Object value = map.get(key);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new ConfigException("Invalid provenance " + key + ": " + (value == null ? "missing" : value)
                    + "; expected a string");
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new ConfigException("Invalid provenance " + key + ": " + value + "; expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static Instant instant(Map<?, ?> map) {
        String text = text(map, "created", true);
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
     * A deep, unmodifiable copy of {@code map} holding only JSON values, each as a JSON parser gives
     * it back (a {@code float} becomes a {@code double}, an integer that fits becomes an {@code int}),
     * so that a provenance equals itself written and read again.
     */
    private static Map<String, Object> normalize(String key, Map<String, Object> map) {
        if (map == null) {
            return Map.of();
        }
        return Collections.unmodifiableMap(object(key, map));
    }

    private static Map<String, Object> object(String path, Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(k instanceof String name)) {
                throw new ConfigException("Invalid provenance " + path + ": key " + k + " is not a string");
            }
            copy.put(name, value(path + "." + name, v));
        });
        return copy;
    }

    private static Object value(String path, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Float || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            return v == (int) v ? (Object) (int) v : (Object) v;
        }
        if (value instanceof Map<?, ?> map) {
            return Collections.unmodifiableMap(object(path, map));
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(value(path + "[" + i + "]", list.get(i)));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                copy.add(value(path + "[" + i + "]", Array.get(value, i)));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Record record) {
            Map<String, Object> components = new LinkedHashMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    components.put(component.getName(), component.getAccessor().invoke(record));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new ConfigException("Invalid provenance " + path + ": cannot read " + component.getName()
                            + " of " + record.getClass().getName() + " (" + e + ")");
                }
            }
            return Collections.unmodifiableMap(object(path, components));
        }
        throw new ConfigException("Invalid provenance " + path + ": " + value.getClass().getName()
                + " cannot be written as JSON");
    }

    /** Builds a {@link Provenance}, filling in the time, Java, OS and Facet versions. */
    public static final class Builder {
        private String artifact = DICTIONARY;
        private String learner;
        private Long seed;
        private String device;
        private Map<String, Object> source = Map.of();
        private Map<String, Object> metrics = Map.of();
        private Double trainingSeconds;

        private Builder() {
        }

        /** The kind of artifact (default {@link #DICTIONARY}). */
        public Builder optArtifact(String artifact) {
            this.artifact = artifact;
            return this;
        }

        /** The id of the learner that trained a dictionary (required for a dictionary). */
        public Builder setLearner(String learner) {
            this.learner = learner;
            return this;
        }

        /** The run's root seed. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The device it was computed on, e.g. "cpu" or "cuda:0". */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** The inputs: store path, model, hook point, ...; values must be JSON-compatible. */
        public Builder optSource(Map<String, Object> source) {
            this.source = source;
            return this;
        }

        /** The results; values must be JSON-compatible. */
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
         * @throws ConfigException when a dictionary's learner is missing or a value is invalid
         */
        public Provenance build() {
            if (DICTIONARY.equals(artifact) && learner == null) {
                throw new ConfigException("A dictionary's provenance needs a learner: call setLearner(id) before build()");
            }
            return new Provenance(artifact, learner, seed, device, source, metrics, trainingSeconds,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), FacetVersion.get());
        }
    }
}
