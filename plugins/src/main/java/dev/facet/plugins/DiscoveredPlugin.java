package dev.facet.plugins;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;

/**
 * A plugin instance with its descriptor (read once) and where it came from.
 *
 * @param plugin     the instance
 * @param descriptor its descriptor
 * @param source     where it was found
 */
public record DiscoveredPlugin(Plugin plugin, PluginDescriptor descriptor, PluginSource source) {

    /** {@code 'id' (source)} for messages. */
    public String label() {
        return "plugin '" + descriptor.id() + "' (" + source.describe() + ")";
    }
}
