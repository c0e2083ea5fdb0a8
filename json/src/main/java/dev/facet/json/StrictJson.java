package dev.facet.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Facet reads JSON written by people (pipeline configs, model descriptors, {@code --set}
 * values) and by itself (manifests, dictionary configs, state): strictly. A key given twice is an
 * error rather than "the last one wins", anything after the document is an error rather than
 * ignored, and every error names the source, the line and column, and what was wrong there, in
 * words instead of Jackson's internal names (RFC 8259 leaves duplicate names to the reader;
 * Jackson accepts them by default, which lets a typo silently override a setting).
 */
public final class StrictJson {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '([^']*)'.*",
            Pattern.DOTALL);
    private static final ObjectMapper MAPPER = builder().build();

    private StrictJson() {
    }

    /** A mapper builder with the strict read features on, for readers that need more (e.g. unknown-property checks). */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The shared strict mapper (thread-safe once built). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a config file that must hold one JSON object.
     *
     * @param what names the file in errors, e.g. "Pipeline config"
     * @throws ConfigException naming the file, line and column when it is missing, unreadable,
     *                         not JSON, not an object, has a duplicate key or trailing content
     */
    public static Map<String, Object> readConfig(Path file, String what) {
        return readObject(file, what, ConfigException::new);
    }

    /**
     * Reads a file that must hold one JSON object, reporting problems through {@code error}
     * (e.g. a {@code CorruptArtifactException} for an artifact Facet wrote).
     */
    public static <E extends RuntimeException> Map<String, Object> readObject(Path file, String what,
            Function<String, E> error) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw error.apply(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw error.apply(what + " " + file + " cannot be read: " + e);
        }
        return parseObject(bytes, what + " " + file, error);
    }

    /**
     * Reads an artifact Facet wrote (a dictionary's config or provenance, a training log) as a tree.
     *
     * @param expected what the file should be, appended to the error (e.g. "expected a dictionary
     *                 directory made by facet train")
     * @throws CorruptArtifactException naming the file when it is missing, unreadable or not one
     *                                  strict JSON document
     */
    public static JsonNode readArtifact(Path file, String expected) {
        String hint = expected == null || expected.isEmpty() ? "" : "; " + expected;
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
            if (node == null || node.isMissingNode()) {
                throw new CorruptArtifactException(file, "is empty" + hint);
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "does not exist" + hint);
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "is not valid JSON (" + describe(e) + ")" + hint, e);
        }
    }

    /** Parses {@code json}, which must be one JSON object; {@code source} names it in errors. */
    public static <E extends RuntimeException> Map<String, Object> parseObject(byte[] json, String source,
            Function<String, E> error) {
        Object value;
        try {
            value = MAPPER.readValue(json, Object.class);
        } catch (IOException e) {
            throw error.apply(source + ": " + describe(e));
        }
        if (!(value instanceof Map)) {
            throw error.apply(source + ": expected a JSON object, found "
                    + (value == null ? (json.length == 0 ? "an empty file" : "null") : kind(value)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /**
     * {@code text} parsed strictly as one JSON value of any kind ({@code null} for JSON null), or
     * {@code otherwise} when it is not exactly one JSON value.
     */
    public static Object valueOr(String text, Object otherwise) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (IOException e) {
            return otherwise;
        }
    }

    /** What went wrong where, e.g. {@code line 3, column 9: the key 'seed' is given twice}. */
    public static String describe(IOException error) {
        if (!(error instanceof JsonProcessingException json)) {
            return error.toString();
        }
        String message = json.getOriginalMessage() == null ? json.getClass().getSimpleName() : json.getOriginalMessage();
        String what;
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.matches()) {
            what = "the key '" + duplicate.group(1) + "' is given twice (each key may appear once per object)";
        } else if (message.startsWith("Trailing token")) {
            what = "unexpected content after the end of the JSON document";
        } else if (message.startsWith("No content to map")) {
            what = "no JSON document (the input is empty)";
        } else {
            what = firstLine(message);
        }
        return where(json.getLocation()) + what;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return String.format(Locale.ROOT, "line %d, column %d: ", location.getLineNr(), location.getColumnNr());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String kind(Object value) {
        if (value instanceof java.util.List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value instanceof Boolean ? "a boolean" : value.getClass().getSimpleName();
    }
}
