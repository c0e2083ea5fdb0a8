package dev.facet.extractors.store;

import dev.facet.spi.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an activation store holds and how it is laid out; stored in {@code manifest.json} and
 * compared field by field when a writer resumes a store.
 *
 * @param model          id of the backbone the activations came from
 * @param hookPoint      the layer or tensor read, e.g. {@code blocks.11}
 * @param tokens         which tokens of each image were kept, e.g. {@code patch}, {@code cls}
 * @param tokensPerImage rows each image contributes, {@code >= 1}; when padding is dropped, the most
 *                       rows an image contributes (images with padding contribute fewer)
 * @param dim            width of every row, {@code >= 1}
 * @param dtype          element type of the shards
 * @param rowsPerShard   most rows per shard; shards hold whole images, so at least
 *                       {@code tokensPerImage}
 * @param preprocessing  how images were prepared (resize, crop, mean, std...), JSON-like values
 * @param dropsPadding   whether the rows of grid positions wholly in padding were left out
 *                       (docs/algorithms.md#input-geometry), so images contribute different numbers of
 *                       rows; such a store is written in format version {@value #FORMAT_VERSION}, others
 *                       in version {@value #FIXED_ROWS_VERSION} as before
 */
public record StoreMetadata(String model, String hookPoint, String tokens, int tokensPerImage, int dim,
                            StoreDtype dtype, int rowsPerShard, Map<String, Object> preprocessing,
                            boolean dropsPadding) {

    /** The newest store format version this code reads and writes: padding dropped, rows per image in the sidecars. */
    public static final int FORMAT_VERSION = 2;
    /** The format version of stores whose images all contribute {@code tokensPerImage} rows. */
    public static final int FIXED_ROWS_VERSION = 1;

    /** The most values one shard may hold: it is read into a single Java array. */
    static final long MAX_SHARD_VALUES = Integer.MAX_VALUE - 8;

    private static final List<Field> FIELDS = List.of(
            new Field("model", StoreMetadata::model),
            new Field("hookPoint", StoreMetadata::hookPoint),
            new Field("tokens", StoreMetadata::tokens),
            new Field("tokensPerImage", StoreMetadata::tokensPerImage),
            new Field("dim", StoreMetadata::dim),
            new Field("dtype", StoreMetadata::dtype),
            new Field("rowsPerShard", StoreMetadata::rowsPerShard),
            new Field("preprocessing", StoreMetadata::preprocessing),
            new Field("padding", StoreMetadata::padding));

    public StoreMetadata {
        requireText("model", model);
        requireText("hookPoint", hookPoint);
        requireText("tokens", tokens);
        if (tokensPerImage < 1) {
            throw ConfigException.outOfRange("store tokensPerImage", tokensPerImage, ">= 1");
        }
        if (dim < 1) {
            throw ConfigException.outOfRange("store dim", dim, ">= 1");
        }
        if (dtype == null) {
            throw ConfigException.outOfRange("store dtype", null, "[FLOAT32, FLOAT16]");
        }
        long maxRows = MAX_SHARD_VALUES / dim;
        if (rowsPerShard < tokensPerImage || rowsPerShard > maxRows) {
            throw ConfigException.outOfRange("store rowsPerShard", rowsPerShard, "[" + tokensPerImage
                    + " (tokensPerImage: a shard holds whole images), " + maxRows
                    + " (one Java array at dim " + dim + ")]");
        }
        if (preprocessing == null) {
            throw new ConfigException("Invalid store preprocessing: null; expected a map, possibly empty");
        }
        Map<String, Object> copy = new LinkedHashMap<>(preprocessing);
        if (copy.containsKey(null)) {
            throw new ConfigException("Invalid store preprocessing: a null key in " + preprocessing);
        }
        preprocessing = Collections.unmodifiableMap(copy);
    }

    /** Metadata of a store that keeps every row: each image contributes {@code tokensPerImage}. */
    public static StoreMetadata of(String model, String hookPoint, String tokens, int tokensPerImage, int dim,
                                   StoreDtype dtype, int rowsPerShard, Map<String, Object> preprocessing) {
        return new StoreMetadata(model, hookPoint, tokens, tokensPerImage, dim, dtype, rowsPerShard,
                preprocessing, false);
    }

    /** The store format version: {@value #FORMAT_VERSION} when padding is dropped, else {@value #FIXED_ROWS_VERSION}. */
    public int formatVersion() {
        return dropsPadding ? FORMAT_VERSION : FIXED_ROWS_VERSION;
    }

    /** {@code dropped} or {@code kept}: what became of the rows of positions wholly in padding. */
    public String padding() {
        return dropsPadding ? "dropped" : "kept";
    }

    /** Whole images per shard: {@code rowsPerShard / tokensPerImage}, whatever rows the images contribute. */
    public int imagesPerShard() {
        return rowsPerShard / tokensPerImage;
    }

    /**
     * Every field whose value differs from {@code other}'s, as {@code name: this value vs other
     * value}; empty when they match.
     */
    public List<String> differences(StoreMetadata other) {
        List<String> differences = new ArrayList<>();
        for (Field field : FIELDS) {
            Object mine = field.getter().apply(this);
            Object theirs = field.getter().apply(other);
            if (!Objects.equals(mine, theirs)) {
                differences.add(field.name() + ": " + mine + " vs " + theirs);
            }
        }
        return differences;
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException("Invalid store " + field + ": " + (value == null ? "null" : "'" + value + "'")
                    + "; expected a non-blank string");
        }
    }

    private record Field(String name, Function<StoreMetadata, Object> getter) {
    }
}
