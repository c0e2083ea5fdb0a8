package dev.facet.plugins;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a plugin was found: on the host's classpath, or in a plugins directory as one jar or one
 * sub-directory of jars.
 *
 * @param fromDirectory whether the plugin came from a plugins directory (its own class loader)
 * @param locations     the jar(s) or class directories holding it
 */
public record PluginSource(boolean fromDirectory, List<Path> locations) {

    public PluginSource {
        locations = List.copyOf(locations);
    }

    static PluginSource classpath(Path location) {
        return new PluginSource(false, List.of(location));
    }

    /** Short form for messages and listings: the jar's file name, or the directory's name. */
    public String describe() {
        if (locations.isEmpty()) {
            return fromDirectory ? "plugins directory" : "classpath";
        }
        Path first = locations.get(0);
        String name = first.getFileName() == null ? first.toString() : first.getFileName().toString();
        if (fromDirectory && locations.size() > 1 && first.getParent() != null) {
            name = first.getParent().getFileName() + "/";
        }
        return name;
    }

    @Override
    public String toString() {
        return (fromDirectory ? "" : "classpath ") + describe();
    }
}
