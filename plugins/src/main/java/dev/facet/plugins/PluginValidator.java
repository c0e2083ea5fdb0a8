package dev.facet.plugins;

import dev.facet.spi.ComponentFactory;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.SpiVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks discovered plugins against each other before anything is wired: SPI version, unique
 * plugin ids (naming every jar that claims one), valid and unique factory ids per kind. Collects
 * every problem instead of stopping at the first.
 */
final class PluginValidator {
    private final List<WiringProblem> problems = new ArrayList<>();

    List<WiringProblem> problems() {
        return problems;
    }

    /** The plugins that passed, sorted by id; problems of the others are in {@link #problems()}. */
    List<LoadedPlugin> validate(List<DiscoveredPlugin> discovered) {
        Map<String, List<DiscoveredPlugin>> byId = new TreeMap<>();
        for (DiscoveredPlugin plugin : discovered) {
            byId.computeIfAbsent(plugin.descriptor().id(), id -> new ArrayList<>()).add(plugin);
        }
        List<LoadedPlugin> loaded = new ArrayList<>();
        byId.forEach((id, claimants) -> {
            if (claimants.size() > 1) {
                problems.add(new WiringProblem(id, "duplicate plugin id '" + id + "' in "
                        + String.join(" and ", claimants.stream().map(p -> p.source().describe()).toList())));
                return;
            }
            DiscoveredPlugin plugin = claimants.get(0);
            PluginDescriptor descriptor = plugin.descriptor();
            if (descriptor.spiVersion() != SpiVersion.CURRENT) {
                problems.add(new WiringProblem(plugin.source().describe(), "plugin '" + id
                        + "' was built for Facet SPI version " + descriptor.spiVersion()
                        + "; this Facet supports SPI version " + SpiVersion.CURRENT));
                return;
            }
            LoadedPlugin checked = readFactories(plugin);
            if (checked != null) {
                loaded.add(checked);
            }
        });
        rejectDuplicateFactories(loaded);
        return loaded;
    }

    private LoadedPlugin readFactories(DiscoveredPlugin plugin) {
        Map<ComponentKind, List<ComponentFactory>> factories = new EnumMap<>(ComponentKind.class);
        boolean valid = true;
        for (ComponentKind kind : ComponentKind.values()) {
            List<? extends ComponentFactory> listed;
            try {
                listed = kind.factoriesOf(plugin.plugin());
            } catch (RuntimeException | LinkageError e) {
                problems.add(new WiringProblem(plugin.source().describe(), plugin.label() + " failed to list its "
                        + kind.label() + "s: " + PluginDiscovery.rootMessage(e)));
                valid = false;
                continue;
            }
            if (listed == null) {
                problems.add(new WiringProblem(plugin.source().describe(), plugin.label() + " returned null instead of a list of "
                        + kind.label() + "s"));
                valid = false;
                continue;
            }
            List<ComponentFactory> sorted = new ArrayList<>();
            for (ComponentFactory factory : listed) {
                String problem = factoryProblem(kind, factory);
                if (problem != null) {
                    problems.add(new WiringProblem(plugin.source().describe(), plugin.label() + ": " + problem));
                    valid = false;
                } else {
                    sorted.add(factory);
                }
            }
            sorted.sort(Comparator.comparing(ComponentFactory::id));
            factories.put(kind, sorted);
        }
        return valid ? new LoadedPlugin(plugin.descriptor(), plugin.source(), factories) : null;
    }

    private static String factoryProblem(ComponentKind kind, ComponentFactory factory) {
        if (factory == null) {
            return "lists a null " + kind.label() + " factory";
        }
        if (!kind.type().isInstance(factory)) {
            return kind.label() + " factory " + factory.getClass().getName() + " does not implement "
                    + kind.type().getSimpleName();
        }
        String id;
        try {
            id = factory.id();
        } catch (RuntimeException e) {
            return kind.label() + " factory " + factory.getClass().getName() + " failed to report its id: " + e.getMessage();
        }
        if (id == null || !PluginDescriptor.ID_PATTERN.matcher(id).matches()) {
            return "invalid " + kind.label() + " id '" + id + "' (" + factory.getClass().getName()
                    + "): expected lowercase letters and digits separated by '-' or '.'";
        }
        return null;
    }

    private void rejectDuplicateFactories(List<LoadedPlugin> loaded) {
        for (ComponentKind kind : ComponentKind.values()) {
            Map<String, List<LoadedPlugin>> owners = new LinkedHashMap<>();
            for (LoadedPlugin plugin : loaded) {
                for (ComponentFactory factory : plugin.factories(kind)) {
                    owners.computeIfAbsent(factory.id(), id -> new ArrayList<>()).add(plugin);
                }
            }
            owners.forEach((id, plugins) -> {
                if (plugins.size() > 1) {
                    problems.add(new WiringProblem(id, "duplicate " + kind.label() + " id '" + id + "' from "
                            + String.join(" and ", plugins.stream().map(p -> "plugin '" + p.descriptor().id()
                            + "' (" + p.source().describe() + ")").toList())));
                }
            });
        }
    }
}
