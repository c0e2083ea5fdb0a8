package dev.facet.cli;

import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --plugins-dir}: where third-party plugin jars are, shared by every command that runs components. */
final class PluginOptions {

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory of plugin jars; repeatable (default: none, the built-in plugins only).")
    List<Path> directories = new ArrayList<>();

    /** The built-in plugins and those in the directories, started; the caller closes them. */
    LoadedPlugins start() {
        PluginHost.Builder host = PluginHost.builder();
        directories.forEach(host::addPluginsDirectory);
        return host.build().start();
    }
}
