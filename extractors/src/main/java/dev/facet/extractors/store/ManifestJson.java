package dev.facet.extractors.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.json.StrictJson;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads and writes {@code manifest.json}. Layout:
 *
 * <pre>{@code
 * {
 *   "formatVersion": 1,
 *   "metadata": {"model": ..., "hookPoint": ..., "tokens": "patch", "tokensPerImage": 196,
 *                "dim": 768, "dtype": "float16", "rowsPerShard": 65464, "preprocessing": {...}},
 *   (formatVersion 2 adds "padding": "dropped" after tokensPerImage: images contribute up to
 *    tokensPerImage rows, their counts in the shards' image sidecars)
 *   "totalRows": 130928, "totalImages": 668, "complete": true,
 *   "shards": [{"file": "shard-00000.npy", "shape": [65464, 768], "rows": 65464, "images": 334,
 *               "firstImage": 0, "sha256": "..."}, ...]
 * }
 * }</pre>
 *
 * <p>Reading is strict: a missing file, malformed JSON, an unknown key, a wrong type, an unknown
 * format version or totals that disagree with the shards are a {@link CorruptArtifactException}
 * naming the manifest and the field.
 */
public final class ManifestJson {

    /** The manifest's file name inside a store directory. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper MAPPER = StrictJson.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE = new TypeReference<>() {
    };
    private static final Set<String> TOP_KEYS =
            Set.of("formatVersion", "metadata", "totalRows", "totalImages", "complete", "shards");
    private static final Set<String> METADATA_KEYS = Set.of("model", "hookPoint", "tokens", "tokensPerImage",
            "dim", "dtype", "rowsPerShard", "preprocessing");
    /** The metadata keys of a format-version-2 manifest: {@code padding} is {@code "dropped"}. */
    private static final Set<String> DROPPED_PADDING_KEYS = Set.of("model", "hookPoint", "tokens", "tokensPerImage",
            "padding", "dim", "dtype", "rowsPerShard", "preprocessing");
    private static final Set<String> SHARD_KEYS = Set.of("file", "shape", "rows", "images", "firstImage", "sha256");

    private ManifestJson() {
    }

    /** The manifest of the store in {@code dir}. */
    static StoreManifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return parse(Files.readAllBytes(file), file);
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(file, "missing: an activation store directory must hold "
                    + FILE_NAME);
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The manifest in {@code bytes}, the content of {@code file} (wherever it was read from), read as
     * strictly as {@link #read}.
     */
    public static StoreManifest parse(byte[] bytes, Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CorruptArtifactException(file, "malformed JSON: " + StrictJson.describe(e), e);
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot read: " + e.getMessage(), e);
        }
        return new Reader(file).manifest(root);
    }

    /** The JSON bytes of {@code manifest}. */
    public static byte[] toBytes(StoreManifest manifest) {
        ObjectNode root = MAPPER.createObjectNode();
        StoreMetadata metadata = manifest.metadata();
        root.put("formatVersion", metadata.formatVersion());
        ObjectNode meta = root.putObject("metadata");
        meta.put("model", metadata.model());
        meta.put("hookPoint", metadata.hookPoint());
        meta.put("tokens", metadata.tokens());
        meta.put("tokensPerImage", metadata.tokensPerImage());
        if (metadata.dropsPadding()) {
            meta.put("padding", metadata.padding());
        }
        meta.put("dim", metadata.dim());
        meta.put("dtype", metadata.dtype().jsonName());
        meta.put("rowsPerShard", metadata.rowsPerShard());
        meta.set("preprocessing", MAPPER.valueToTree(metadata.preprocessing()));
        root.put("totalRows", manifest.totalRows());
        root.put("totalImages", manifest.totalImages());
        root.put("complete", manifest.complete());
        ArrayNode shards = root.putArray("shards");
        for (ShardEntry shard : manifest.shards()) {
            ObjectNode entry = shards.addObject();
            entry.put("file", shard.file());
            entry.putArray("shape").add(shard.rows()).add(metadata.dim());
            entry.put("rows", shard.rows());
            entry.put("images", shard.images());
            entry.put("firstImage", shard.firstImage());
            entry.put("sha256", shard.sha256());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new FacetException("Cannot encode the manifest as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * {@code metadata} with its preprocessing map passed through JSON, so that it compares equal
     * to the same metadata read back from a manifest (e.g. a {@code float} becomes a
     * {@code double}, a {@code long} that fits becomes an {@code int}).
     */
    public static StoreMetadata normalize(StoreMetadata metadata) {
        Map<String, Object> preprocessing;
        try {
            preprocessing = MAPPER.readValue(MAPPER.writeValueAsBytes(metadata.preprocessing()), MAP_TYPE);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Invalid store preprocessing: " + metadata.preprocessing()
                    + " cannot be written as JSON (" + e.getMessage() + ")", e);
        }
        return new StoreMetadata(metadata.model(), metadata.hookPoint(), metadata.tokens(),
                metadata.tokensPerImage(), metadata.dim(), metadata.dtype(), metadata.rowsPerShard(),
                preprocessing, metadata.dropsPadding());
    }

    /** Decodes one manifest, naming {@link #file} and the JSON path in every error. */
    private static final class Reader {
        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        StoreManifest manifest(JsonNode root) {
            requireObject("the top level", root, TOP_KEYS);
            int version = intValue(root, "formatVersion", "formatVersion", 0);
            if (version != StoreMetadata.FIXED_ROWS_VERSION && version != StoreMetadata.FORMAT_VERSION) {
                throw corrupt("unsupported formatVersion " + version + "; this reader supports "
                        + StoreMetadata.FIXED_ROWS_VERSION + " and " + StoreMetadata.FORMAT_VERSION);
            }
            StoreMetadata metadata = metadata(root.get("metadata"), version == StoreMetadata.FORMAT_VERSION);
            JsonNode shardsNode = root.get("shards");
            if (!shardsNode.isArray()) {
                throw corrupt("field 'shards': expected an array, found " + shardsNode.getNodeType());
            }
            List<ShardEntry> shards = new ArrayList<>();
            for (int i = 0; i < shardsNode.size(); i++) {
                shards.add(shard("shards[" + i + "]", shardsNode.get(i), metadata.dim()));
            }
            StoreManifest manifest = build(() -> new StoreManifest(metadata, shards, bool(root, "complete")));
            requireTotal(root, "totalRows", manifest.totalRows());
            requireTotal(root, "totalImages", manifest.totalImages());
            return manifest;
        }

        private StoreMetadata metadata(JsonNode node, boolean dropsPadding) {
            requireObject("field 'metadata'", node, dropsPadding ? DROPPED_PADDING_KEYS : METADATA_KEYS);
            if (dropsPadding && !"dropped".equals(node.get("padding").asText(null))) {
                throw corrupt("field 'metadata.padding': expected \"dropped\" in formatVersion "
                        + StoreMetadata.FORMAT_VERSION + ", found " + node.get("padding"));
            }
            String dtypeName = text(node, "dtype", "metadata.dtype");
            StoreDtype dtype = StoreDtype.fromJsonName(dtypeName).orElseThrow(() -> corrupt(
                    "field 'metadata.dtype': expected float32 or float16, found '" + dtypeName + "'"));
            JsonNode preprocessing = node.get("preprocessing");
            if (!preprocessing.isObject()) {
                throw corrupt("field 'metadata.preprocessing': expected an object, found "
                        + preprocessing.getNodeType());
            }
            return build(() -> new StoreMetadata(text(node, "model", "metadata.model"),
                    text(node, "hookPoint", "metadata.hookPoint"), text(node, "tokens", "metadata.tokens"),
                    intValue(node, "tokensPerImage", "metadata.tokensPerImage", 1),
                    intValue(node, "dim", "metadata.dim", 1), dtype,
                    intValue(node, "rowsPerShard", "metadata.rowsPerShard", 1),
                    MAPPER.convertValue(preprocessing, MAP_TYPE), dropsPadding));
        }

        private ShardEntry shard(String path, JsonNode node, int dim) {
            requireObject(path, node, SHARD_KEYS);
            int rows = intValue(node, "rows", path + ".rows", 1);
            JsonNode shape = node.get("shape");
            if (!shape.isArray() || shape.size() != 2 || !shape.get(0).isIntegralNumber()
                    || !shape.get(1).isIntegralNumber() || shape.get(0).asLong() != rows
                    || shape.get(1).asLong() != dim) {
                throw corrupt("field '" + path + ".shape': expected [" + rows + ", " + dim + "], found " + shape);
            }
            return build(() -> new ShardEntry(text(node, "file", path + ".file"), rows,
                    intValue(node, "images", path + ".images", 1),
                    longValue(node, "firstImage", path + ".firstImage", 0, Long.MAX_VALUE),
                    text(node, "sha256", path + ".sha256")));
        }

        private void requireTotal(JsonNode root, String key, long actual) {
            long declared = longValue(root, key, key, 0, Long.MAX_VALUE);
            if (declared != actual) {
                throw corrupt("field '" + key + "' is " + declared + " but the shards add up to " + actual);
            }
        }

        private void requireObject(String what, JsonNode node, Set<String> keys) {
            if (node == null || !node.isObject()) {
                throw corrupt(what + ": expected a JSON object, found "
                        + (node == null ? "nothing" : node.getNodeType()));
            }
            Set<String> present = new TreeSet<>();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                present.add(names.next());
            }
            Set<String> unknown = new TreeSet<>(present);
            unknown.removeAll(keys);
            Set<String> missing = new TreeSet<>(keys);
            missing.removeAll(present);
            if (!unknown.isEmpty() || !missing.isEmpty()) {
                throw corrupt(what + ": expected the keys " + new TreeSet<>(keys) + "; unknown " + unknown
                        + ", missing " + missing);
            }
        }

        private int intValue(JsonNode node, String key, String path, int min) {
            return (int) longValue(node, key, path, min, Integer.MAX_VALUE);
        }

        private long longValue(JsonNode node, String key, String path, long min, long max) {
            JsonNode value = node.get(key);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min
                    || value.asLong() > max) {
                throw corrupt("field '" + path + "': expected an integer in [" + min + ", " + max
                        + "], found " + value);
            }
            return value.asLong();
        }

        private String text(JsonNode node, String key, String path) {
            JsonNode value = node.get(key);
            if (!value.isTextual()) {
                throw corrupt("field '" + path + "': expected a string, found " + value);
            }
            return value.asText();
        }

        private boolean bool(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (!value.isBoolean()) {
                throw corrupt("field '" + key + "': expected true or false, found " + value);
            }
            return value.asBoolean();
        }

        /** Runs a record constructor, reporting its validation error as a corrupt manifest. */
        private <T> T build(Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (CorruptArtifactException e) {
                throw e;
            } catch (FacetException e) {
                throw corrupt(e.getMessage());
            }
        }

        private CorruptArtifactException corrupt(String problem) {
            return new CorruptArtifactException(file, problem);
        }
    }
}
