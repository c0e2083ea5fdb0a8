package dev.facet.spi;

import java.util.regex.Pattern;

/**
 * Identity of a plugin: a unique id, its own version, and the SPI version it was compiled against.
 *
 * @param id          unique plugin id ({@link #ID_PATTERN}), e.g. {@code facet-extractors}
 * @param version     the plugin's version, free text such as {@code 1.2.0}
 * @param spiVersion  the {@link SpiVersion#CURRENT} the plugin was compiled against
 * @param description one line shown by {@code facet plugins}
 */
public record PluginDescriptor(String id, String version, int spiVersion, String description) {

    /** Ids are lowercase words separated by '-' or '.'. */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*");

    public PluginDescriptor {
        requireId("plugin id", id);
        if (version == null || version.isBlank()) {
            throw new ConfigException("Plugin '" + id + "' has a blank version");
        }
        if (spiVersion < 1) {
            throw ConfigException.outOfRange("spiVersion of plugin '" + id + "'", spiVersion, ">= 1");
        }
        description = description == null ? "" : description;
    }

    /** A descriptor for a plugin compiled against this SPI. */
    public static PluginDescriptor of(String id, String version, String description) {
        return new PluginDescriptor(id, version, SpiVersion.CURRENT, description);
    }

    /** Throws {@link ConfigException} naming {@code what} unless {@code id} matches {@link #ID_PATTERN}. */
    public static void requireId(String what, String id) {
        if (id == null || !ID_PATTERN.matcher(id).matches()) {
            throw new ConfigException("Invalid " + what + " '" + id
                    + "': expected lowercase letters and digits separated by '-' or '.'");
        }
    }
}
