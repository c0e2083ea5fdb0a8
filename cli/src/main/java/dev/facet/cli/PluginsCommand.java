package dev.facet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facet.plugins.ComponentKind;
import dev.facet.plugins.LoadedPlugin;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.Capability;
import dev.facet.spi.ComponentFactory;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code facet plugins}: every discovered plugin and factory with id, version, capabilities and source. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists discovered plugins and their factories (id, version, capabilities, source jar).")
final class PluginsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory of plugin jars (or of sub-directories of jars); repeatable (default: none).")
    private List<Path> pluginDirectories = new ArrayList<>();

    @Option(names = "--no-classpath", description = "Ignore plugins on the classpath, built-ins included.")
    private boolean noClasspath;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        PluginHost.Builder builder = PluginHost.builder().optScanClasspath(!noClasspath);
        pluginDirectories.forEach(builder::addPluginsDirectory);
        try (LoadedPlugins plugins = builder.build().start()) {
            List<LoadedPlugin> loaded = plugins.registry().plugins();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                printJson(out, loaded);
            } else {
                printTable(out, loaded);
            }
        }
        return 0;
    }

    private static void printTable(PrintWriter out, List<LoadedPlugin> plugins) {
        for (LoadedPlugin plugin : plugins) {
            out.printf("%s %s (SPI %d) from %s%n", plugin.descriptor().id(), plugin.descriptor().version(),
                    plugin.descriptor().spiVersion(), plugin.source());
            if (!plugin.descriptor().description().isEmpty()) {
                out.printf("    %s%n", plugin.descriptor().description());
            }
            for (ComponentKind kind : ComponentKind.values()) {
                for (ComponentFactory factory : plugin.factories(kind)) {
                    out.printf("  %-12s %-20s %-34s %s%n", kind.label(), factory.id(), capabilities(factory),
                            factory.description());
                }
            }
        }
    }

    private static String capabilities(ComponentFactory factory) {
        String provides = factory.capabilities().isEmpty() ? "" : "provides " + new TreeSet<>(factory.capabilities());
        Set<Capability> required = requires(factory);
        String needs = required.isEmpty() ? "" : "requires " + new TreeSet<>(required);
        return (provides + " " + needs).trim();
    }

    private static Set<Capability> requires(ComponentFactory factory) {
        if (factory instanceof AttributionFactory attribution) {
            return attribution.requires();
        }
        if (factory instanceof ConceptVisualizerFactory visualizer) {
            return visualizer.requires();
        }
        return Set.of();
    }

    private static void printJson(PrintWriter out, List<LoadedPlugin> plugins) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LoadedPlugin plugin : plugins) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", plugin.descriptor().id());
            row.put("version", plugin.descriptor().version());
            row.put("spiVersion", plugin.descriptor().spiVersion());
            row.put("description", plugin.descriptor().description());
            row.put("fromDirectory", plugin.source().fromDirectory());
            row.put("source", plugin.source().locations().stream().map(Path::toString).toList());
            List<Map<String, Object>> factories = new ArrayList<>();
            for (ComponentKind kind : ComponentKind.values()) {
                for (ComponentFactory factory : plugin.factories(kind)) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("kind", kind.label());
                    f.put("id", factory.id());
                    f.put("description", factory.description());
                    f.put("capabilities", new TreeSet<>(factory.capabilities()));
                    f.put("requires", new TreeSet<>(requires(factory)));
                    factories.add(f);
                }
            }
            row.put("factories", factories);
            rows.add(row);
        }
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
