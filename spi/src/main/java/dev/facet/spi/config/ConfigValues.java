package dev.facet.spi.config;

import dev.facet.spi.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * <p>Components call {@link #rejectUnknown(Set)} with the keys they understand, so a typo is an
 * error instead of a silently ignored setting.
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
            throw new ConfigException(source + ": unknown key" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; allowed: " + new TreeSet<>(allowed));
        }
        return this;
    }

    public String requireString(String key) {
        return string(key, null, true);
    }

    public String optString(String key, String fallback) {
        return string(key, fallback, false);
    }

    private String string(String key, String fallback, boolean required) {
        Object value = value(key, required);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw typeError(key, value, "a string");
        }
        return s;
    }

    public int requireInt(String key, int min, int max) {
        return integer(key, 0, min, max, true);
    }

    public int optInt(String key, int fallback, int min, int max) {
        return integer(key, fallback, min, max, false);
    }

    private int integer(String key, int fallback, int min, int max, boolean required) {
        long value = longValue(key, fallback, required);
        if (value < min || value > max) {
            throw outOfRange(key, value, "[" + min + ", " + max + "]");
        }
        return (int) value;
    }

    public long optLong(String key, long fallback, long min, long max) {
        long value = longValue(key, fallback, false);
        if (value < min || value > max) {
            throw outOfRange(key, value, "[" + min + ", " + max + "]");
        }
        return value;
    }

    private long longValue(String key, long fallback, boolean required) {
        Object value = value(key, required);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return n.longValue();
            }
        }
        throw typeError(key, value, "an integer");
    }

    public double requireDouble(String key, double min, double max) {
        return decimal(key, Double.NaN, min, max, true);
    }

    public double optDouble(String key, double fallback, double min, double max) {
        return decimal(key, fallback, min, max, false);
    }

    private double decimal(String key, double fallback, double min, double max, boolean required) {
        Object value = value(key, required);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw typeError(key, value, "a finite number");
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw outOfRange(key, d, "[" + min + ", " + max + "]");
        }
        return d;
    }

    public boolean optBoolean(String key, boolean fallback) {
        Object value = value(key, false);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw typeError(key, value, "true or false");
        }
        return b;
    }

    /** An enum constant matched case-insensitively, with '-' standing for '_'. */
    public <E extends Enum<E>> E optEnum(String key, Class<E> type, E fallback) {
        String name = optString(key, null);
        if (name == null) {
            return fallback;
        }
        String wanted = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw outOfRange(key, "'" + name + "'", allowed.toString());
    }

    /** A list of integers, each in [min, max]. */
    public List<Integer> optIntList(String key, List<Integer> fallback, int min, int max) {
        Object value = value(key, false);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof List<?> list)) {
            throw typeError(key, value, "a list of integers");
        }
        List<Integer> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw typeError(key, value, "a list of integers");
            }
            if (n.longValue() < min || n.longValue() > max) {
                throw outOfRange(key + " element", n, "[" + min + ", " + max + "]");
            }
            out.add(n.intValue());
        }
        return List.copyOf(out);
    }

    /** A nested object, or empty values when absent. */
    public ConfigValues optSection(String key) {
        Object value = value(key, false);
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
        throw typeError(key, value, "an object");
    }

    private Object value(String key, boolean required) {
        Object value = values.get(key);
        if (value == null && required) {
            throw new ConfigException(source + ": missing required key '" + key + "'");
        }
        return value;
    }

    private ConfigException typeError(String key, Object value, String expected) {
        return new ConfigException(source + ": invalid " + key + ": " + value + "; expected " + expected);
    }

    private ConfigException outOfRange(String key, Object value, String allowed) {
        return new ConfigException(source + ": invalid " + key + ": " + value + "; allowed: " + allowed);
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
