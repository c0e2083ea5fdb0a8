package dev.facet.spi;

/** A configuration value is missing, of the wrong type, or outside its allowed range. */
public class ConfigException extends FacetException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code field} holds {@code value}, which is outside {@code allowed} (e.g. "[1, 4096]"). */
    public static ConfigException outOfRange(String field, Object value, String allowed) {
        return new ConfigException("Invalid " + field + ": " + value + "; allowed: " + allowed);
    }
}
