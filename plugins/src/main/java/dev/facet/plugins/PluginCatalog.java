package dev.facet.plugins;

import java.util.List;

/**
 * The validated plugins as one injectable value.
 *
 * @param plugins sorted by id
 */
record PluginCatalog(List<LoadedPlugin> plugins) {

    PluginCatalog {
        plugins = List.copyOf(plugins);
    }
}
