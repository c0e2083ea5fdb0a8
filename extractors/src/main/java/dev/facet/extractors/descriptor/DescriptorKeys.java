package dev.facet.extractors.descriptor;

import dev.facet.spi.ConfigException;

/** Checks of single descriptor values, each failure naming the key's path ({@code input.height}). */
final class DescriptorKeys {

    private DescriptorKeys() {
    }

    /** {@code value}, which {@code key} must give. */
    static <T> T required(T value, String key) {
        if (value == null) {
            throw new ConfigException("missing required key '" + key + "'");
        }
        return value;
    }

    /** {@code value}, which {@code key} must give, at least {@code min}. */
    static int atLeast(Integer value, String key, int min) {
        if (required(value, key) < min) {
            throw ConfigException.outOfRange(key, value, ">= " + min);
        }
        return value;
    }

    /** Fails naming {@code key} and {@code needed} unless {@code condition} holds. */
    static void requireWith(boolean condition, String key, String needed) {
        if (!condition) {
            throw new ConfigException("'" + key + "' needs " + needed);
        }
    }
}
