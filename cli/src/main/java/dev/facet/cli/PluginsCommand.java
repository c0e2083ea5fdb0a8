package dev.facet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facet.plugins.ComponentKind;
import dev.facet.plugins.LoadedPlugin;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.Capability;
import dev.facet.spi.ComponentFactory;
import dev.facet.spi.ConfigException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

/**
 * {@code facet plugins}: every discovered plugin and factory with id, version, capabilities and
 * source; with {@code --settings ID}, the settings one component declares; with {@code --markdown},
 * the learners page of the docs.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists discovered plugins and their factories (id, version, capabilities, source jar), "
                + "or the settings of one component.")
final class PluginsCommand implements Callable<Integer> {

    /** One factory and its kind. */
    record Component(ComponentKind kind, ComponentFactory factory) {
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory of plugin jars (or of sub-directories of jars); repeatable (default: none).")
    private List<Path> pluginDirectories = new ArrayList<>();

    @Option(names = "--no-classpath", description = "Ignore plugins on the classpath, built-ins included.")
    private boolean noClasspath;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Option(names = "--settings", paramLabel = "ID",
            description = "Print every setting of the component with this id: name, type, default, range or "
                    + "choices, description.")
    private String settingsOf;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "Kind of the --settings component when its id names several: backbone, learner, "
                    + "attribution or visualizer (default: the one kind that has the id).")
    private String kind;

    @Option(names = "--markdown", description = "Print Markdown: the --settings component's section, or without "
            + "--settings the learners page (docs/learners.md).")
    private boolean markdown;

    @Override
    public Integer call() {
        PluginHost.Builder builder = PluginHost.builder().optScanClasspath(!noClasspath);
        pluginDirectories.forEach(builder::addPluginsDirectory);
        try (LoadedPlugins plugins = builder.build().start()) {
            List<LoadedPlugin> loaded = plugins.registry().plugins();
            PrintWriter out = spec.commandLine().getOut();
            if (settingsOf != null) {
                Component component = find(components(loaded), settingsOf, kind);
                out.print(markdown ? SettingsMarkdown.section(component.factory())
                        : SettingsMarkdown.table(component.kind().label(), component.factory()));
            } else if (markdown) {
                out.print(SettingsMarkdown.learnersPage(components(loaded).stream()
                        .filter(c -> c.kind() == ComponentKind.LEARNER).map(Component::factory)
                        .sorted(Comparator.comparing(ComponentFactory::id)).toList()));
            } else if (json) {
                printJson(out, loaded);
            } else {
                printTable(out, loaded);
            }
        }
        return 0;
    }

    private static List<Component> components(List<LoadedPlugin> plugins) {
        List<Component> all = new ArrayList<>();
        for (LoadedPlugin plugin : plugins) {
            for (ComponentKind kind : ComponentKind.values()) {
                plugin.factories(kind).forEach(factory -> all.add(new Component(kind, factory)));
            }
        }
        return all;
    }

    /**
     * The component with {@code id}, of {@code kindLabel} when given.
     *
     * @throws UnknownComponentException when none has the id, listing the available ones
     * @throws ConfigException           when the id names components of several kinds and no kind is given
     */
    static Component find(List<Component> components, String id, String kindLabel) {
        ComponentKind wanted = null;
        if (kindLabel != null) {
            List<String> labels = Arrays.stream(ComponentKind.values()).map(ComponentKind::label).toList();
            wanted = Arrays.stream(ComponentKind.values()).filter(k -> k.label().equals(kindLabel)).findFirst()
                    .orElseThrow(() -> new UnknownComponentException("component kind", kindLabel, labels));
        }
        ComponentKind of = wanted;
        List<Component> candidates = components.stream().filter(c -> of == null || c.kind() == of).toList();
        List<Component> matches = candidates.stream().filter(c -> c.factory().id().equals(id)).toList();
        if (matches.isEmpty()) {
            throw new UnknownComponentException(of == null ? "component" : of.label(), id,
                    new TreeSet<>(candidates.stream().map(c -> c.factory().id()).toList()));
        }
        if (matches.size() > 1) {
            List<String> kinds = matches.stream().map(c -> c.kind().label()).toList();
            throw new ConfigException("'" + id + "' names a " + String.join(" and a ", kinds)
                    + "; choose one with --kind " + String.join(" or --kind ", kinds));
        }
        return matches.get(0);
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
