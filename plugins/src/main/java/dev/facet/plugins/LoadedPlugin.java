package dev.facet.plugins;

import dev.facet.spi.ComponentFactory;
import dev.facet.spi.PluginDescriptor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A validated plugin: its descriptor, source and factories (read once, sorted by id).
 *
 * @param descriptor id, version and SPI version
 * @param source     where it was found
 * @param factories  its factories by kind; every kind present, possibly empty
 */
public record LoadedPlugin(PluginDescriptor descriptor, PluginSource source,
                           Map<ComponentKind, List<ComponentFactory>> factories) {

    public LoadedPlugin {
        Map<ComponentKind, List<ComponentFactory>> copy = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            copy.put(kind, List.copyOf(factories.getOrDefault(kind, List.of())));
        }
        factories = Map.copyOf(copy);
    }

    public List<ComponentFactory> factories(ComponentKind kind) {
        return factories.get(kind);
    }
}
