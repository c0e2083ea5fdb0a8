package dev.facet.spi.config;

import dev.facet.spi.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hyperparameters handed to a factory: an immutable map of JSON-like values (String, Number,
 * Boolean, List, nested {@code ConfigValues}) plus a description of where they came from. The
 * typed getters validate and name the offending field, its value and the allowed range, so every
 * component reports bad configuration the same way:
 * {@code learner 'topk' (config.json): invalid k: 0; allowed: [1, 8192]}.
 *
 * <p>A component declares its settings as a {@link Settings} schema and reads these values through
 * it, which checks every key at once; the typed getters here read one key each (the same checks)
 * for configuration that has no schema of its own, with {@link #rejectUnknown(Set)} so that a typo
 * is an error instead of a silently ignored setting.
 */
public final class ConfigValues {
    private static final ConfigValues EMPTY = new ConfigValues("configuration", Map.of());

    private final String source;
    private final Map<String, Object> values;

    private ConfigValues(String source, Map<String, Object> values) {
        this.source = source;
        this.values = values;
    }

    /** No values. */
    public static ConfigValues empty() {
        return EMPTY;
    }

    /**
     * Values from a map (insertion order kept).
     *
     * @param source where the values came from, used as the prefix of every error message
     */
    public static ConfigValues of(String source, Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new ConfigException(source + ": blank configuration key");
            }
            copy.put(key, value);
        });
        return new ConfigValues(source, Collections.unmodifiableMap(copy));
    }

    /** A copy of these values with one more entry, or one replaced. */
    public ConfigValues with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new ConfigValues(source, Collections.unmodifiableMap(copy));
    }

    public String source() {
        return source;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    /** The raw values, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Throws naming every key not in {@code allowed}, and listing the allowed keys. */
    public ConfigValues rejectUnknown(Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new ConfigException(source + ": " + Settings.unknownKeys(unknown, allowed));
        }
        return this;
    }

    public String requireString(String key) {
        return Setting.string(key, "").readFrom(this);
    }

    public String optString(String key, String fallback) {
        Setting<String> setting = Setting.string(key, "");
        return (fallback == null ? setting.optional() : setting.defaultValue(fallback)).readFrom(this);
    }

    public int optInt(String key, int fallback, int min, int max) {
        return bounded(Setting.integer(key, "").defaultValue(fallback), min, max, Integer.MIN_VALUE,
                Integer.MAX_VALUE).readFrom(this);
    }

    public long optLong(String key, long fallback, long min, long max) {
        return bounded(Setting.longInteger(key, "").defaultValue(fallback), min, max, Long.MIN_VALUE, Long.MAX_VALUE)
                .readFrom(this);
    }

    public boolean optBoolean(String key, boolean fallback) {
        return Setting.bool(key, "").defaultValue(fallback).readFrom(this);
    }

    /** An enum constant matched case-insensitively, with '-' standing for '_'; {@code null} fallback when absent. */
    public <E extends Enum<E>> E optEnum(String key, Class<E> type, E fallback) {
        Setting<E> setting = Setting.choice(key, type, "");
        return (fallback == null ? setting.optional() : setting.defaultValue(fallback)).readFrom(this);
    }

    /** {@code setting} bounded by {@code min} and {@code max}, where the extremes of its type mean unbounded. */
    private static <T> Setting<T> bounded(Setting<T> setting, Number min, Number max, Number lowest, Number highest) {
        Setting<T> out = min.equals(lowest) ? setting : setting.min(min);
        return max.equals(highest) ? out : out.max(max);
    }

    /** A nested object, or empty values when absent. */
    public ConfigValues optSection(String key) {
        Object value = values.get(key);
        if (value == null) {
            return new ConfigValues(source + " > " + key, Map.of());
        }
        if (value instanceof ConfigValues nested) {
            return nested;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return of(source + " > " + key, copy);
        }
        throw new ConfigException(source + ": invalid " + key + ": " + value + "; expected an object");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigValues c && values.equals(c.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return source + " " + values;
    }
}
