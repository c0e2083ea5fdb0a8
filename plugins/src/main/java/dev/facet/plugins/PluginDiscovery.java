package dev.facet.plugins;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link Plugin}s with {@link ServiceLoader}: on a class loader (the classpath) and in plugins
 * directories. A plugins directory holds plugin jars, each loaded by its own
 * {@link PluginClassLoader}, or sub-directories whose jars together form one plugin (a plugin with
 * its own dependencies). Nothing here throws for a bad plugin: every problem is collected with
 * the jar it came from.
 */
final class PluginDiscovery {
    static final String SERVICE_ENTRY = "META-INF/services/" + Plugin.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);

    private final List<DiscoveredPlugin> plugins = new ArrayList<>();
    private final List<PluginClassLoader> loaders = new ArrayList<>();
    private final List<WiringProblem> problems = new ArrayList<>();

    List<DiscoveredPlugin> plugins() {
        return plugins;
    }

    List<PluginClassLoader> loaders() {
        return loaders;
    }

    List<WiringProblem> problems() {
        return problems;
    }

    /** Plugins visible to {@code loader} through its service entries. */
    void scanClasspath(ClassLoader loader) {
        for (ServiceLoader.Provider<Plugin> provider : providers(loader, "classpath")) {
            Class<? extends Plugin> type;
            try {
                type = provider.type();
            } catch (ServiceConfigurationError e) {
                problems.add(new WiringProblem("classpath", rootMessage(e)));
                continue;
            }
            PluginSource source = PluginSource.classpath(codeLocation(type));
            instantiate(provider, source);
        }
    }

    /** Every plugin jar and plugin sub-directory in {@code directory}, in name order. */
    void scanDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            problems.add(new WiringProblem(directory.toString(), "plugins directory does not exist or is not a directory"));
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(directory)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            problems.add(new WiringProblem(directory.toString(), "cannot list plugins directory: " + e.getMessage()));
            return;
        }
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                List<Path> jars = jarsIn(entry);
                if (jars.isEmpty()) {
                    LOG.debug("Skipping {}: no jars inside", entry);
                } else {
                    scanUnit(new PluginSource(true, jars));
                }
            } else if (isJar(entry)) {
                scanUnit(new PluginSource(true, List.of(entry)));
            } else {
                LOG.debug("Skipping {}: not a jar", entry);
            }
        }
    }

    private List<Path> jarsIn(Path pluginDirectory) {
        try (Stream<Path> list = Files.list(pluginDirectory)) {
            return list.filter(PluginDiscovery::isJar).sorted().toList();
        } catch (IOException e) {
            problems.add(new WiringProblem(pluginDirectory.toString(), "cannot list plugin directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    private void scanUnit(PluginSource source) {
        String where = source.describe();
        boolean hasEntry = false;
        for (Path jar : source.locations()) {
            String entryProblem = checkJar(jar);
            if (entryProblem == null) {
                hasEntry = true;
            } else if (!entryProblem.isEmpty()) {
                problems.add(new WiringProblem(jar.getFileName().toString(), entryProblem));
                return;
            }
        }
        if (!hasEntry) {
            problems.add(new WiringProblem(where, "no " + SERVICE_ENTRY + " entry; a Facet plugin jar names its "
                    + "Plugin implementation there"));
            return;
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader("facet-plugin:" + where, urls(source), getClass().getClassLoader());
        } catch (MalformedURLException e) {
            problems.add(new WiringProblem(where, "cannot build a class path: " + e.getMessage()));
            return;
        }
        loaders.add(loader);
        int found = 0;
        for (ServiceLoader.Provider<Plugin> provider : providers(loader, where)) {
            try {
                if (provider.type().getClassLoader() != loader) {
                    continue;
                }
            } catch (ServiceConfigurationError e) {
                problems.add(new WiringProblem(where, rootMessage(e)));
                found++;
                continue;
            }
            found++;
            instantiate(provider, source);
        }
        if (found > 1) {
            problems.add(new WiringProblem(where, "declares " + found + " Plugin implementations; a plugin jar "
                    + "declares exactly one and returns all its factories from it"));
        }
    }

    /**
     * Checks that {@code jar} opens as a jar. Returns null when it holds a non-empty service entry,
     * "" when it is a readable jar without one, and the problem otherwise.
     */
    private static String checkJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            JarEntry entry = file.getJarEntry(SERVICE_ENTRY);
            if (entry == null) {
                return "";
            }
            try (InputStream in = file.getInputStream(entry)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean names = text.lines().map(l -> l.replaceAll("#.*", "").trim()).anyMatch(l -> !l.isEmpty());
                return names ? null : SERVICE_ENTRY + " names no Plugin class";
            }
        } catch (IOException | SecurityException e) {
            return "not a readable jar (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
    }

    private List<ServiceLoader.Provider<Plugin>> providers(ClassLoader loader, String where) {
        List<ServiceLoader.Provider<Plugin>> providers = new ArrayList<>();
        var iterator = ServiceLoader.load(Plugin.class, loader).stream().iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                providers.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                problems.add(new WiringProblem(where, rootMessage(e)));
            }
        }
        return providers;
    }

    private void instantiate(ServiceLoader.Provider<Plugin> provider, PluginSource source) {
        String where = source.describe();
        Plugin plugin;
        try {
            plugin = provider.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            problems.add(new WiringProblem(where, "cannot instantiate plugin: " + rootMessage(e)));
            return;
        }
        PluginDescriptor descriptor;
        try {
            descriptor = plugin.descriptor();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new WiringProblem(where, "plugin " + plugin.getClass().getName()
                    + " has no valid descriptor: " + rootMessage(e)));
            return;
        }
        if (descriptor == null) {
            problems.add(new WiringProblem(where, "plugin " + plugin.getClass().getName() + " returned a null descriptor"));
            return;
        }
        plugins.add(new DiscoveredPlugin(plugin, descriptor, source));
    }

    private static URL[] urls(PluginSource source) throws MalformedURLException {
        URL[] urls = new URL[source.locations().size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = source.locations().get(i).toUri().toURL();
        }
        return urls;
    }

    private static Path codeLocation(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        try {
            return code == null || code.getLocation() == null ? Path.of(type.getName())
                    : Path.of(code.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Path.of(code.getLocation().getPath());
        }
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (root != error) {
            message += " (caused by " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return message;
    }
}
