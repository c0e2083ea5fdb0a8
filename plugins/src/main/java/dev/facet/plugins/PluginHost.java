package dev.facet.plugins;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers, validates and wires plugins. Built-in components register through the same
 * {@code META-INF/services} mechanism as third-party jars.
 *
 * <pre>{@code
 * try (LoadedPlugins plugins = PluginHost.builder().addPluginsDirectory(dir).build().start()) {
 *     BackboneFactory onnx = plugins.registry().backbone("onnx");
 * }
 * }</pre>
 *
 * <p>{@link #start()} collects every problem (corrupt jars, missing service entries, duplicate ids,
 * SPI version mismatches, nothing found) and throws them together as a
 * {@link PluginWiringException} before the Guice injector is built.
 */
public final class PluginHost {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final ClassLoader classLoader;
    private final boolean scanClasspath;
    private final List<Path> pluginDirectories;

    private PluginHost(Builder builder) {
        this.classLoader = builder.classLoader;
        this.scanClasspath = builder.scanClasspath;
        this.pluginDirectories = List.copyOf(builder.pluginDirectories);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds and validates all plugins and builds the registry.
     *
     * @return the wired plugins; close them to release plugin class loaders
     * @throws PluginWiringException listing every problem found
     */
    public LoadedPlugins start() {
        PluginDiscovery discovery = new PluginDiscovery();
        if (scanClasspath) {
            discovery.scanClasspath(classLoader);
        }
        pluginDirectories.forEach(discovery::scanDirectory);
        PluginValidator validator = new PluginValidator();
        List<LoadedPlugin> plugins = validator.validate(discovery.plugins());
        List<WiringProblem> problems = new ArrayList<>(discovery.problems());
        problems.addAll(validator.problems());
        if (discovery.plugins().isEmpty() && problems.isEmpty()) {
            problems.add(new WiringProblem("discovery", "no Facet plugins found "
                    + (scanClasspath ? "on the classpath" : "") + (scanClasspath && !pluginDirectories.isEmpty() ? " or " : "")
                    + (pluginDirectories.isEmpty() ? "" : "in " + pluginDirectories)));
        }
        LoadedPlugins loaded = new LoadedPlugins(discovery.loaders());
        if (!problems.isEmpty()) {
            loaded.close();
            throw new PluginWiringException(problems);
        }
        try {
            Injector injector = Guice.createInjector(Stage.PRODUCTION, new PluginModule(new PluginCatalog(plugins)));
            loaded.wire(injector);
        } catch (CreationException e) {
            loaded.close();
            throw new PluginWiringException(e.getErrorMessages().stream()
                    .map(m -> new WiringProblem(source(m), m.getMessage())).toList());
        }
        LOG.debug("Loaded {} plugin(s): {}", plugins.size(),
                plugins.stream().map(p -> p.descriptor().id()).toList());
        return loaded;
    }

    private static String source(Message message) {
        return message.getSources().isEmpty() ? "guice" : String.valueOf(message.getSources().get(0));
    }

    /** Builder of {@link PluginHost}. By default it scans the classpath of the host's class loader. */
    public static final class Builder {
        private ClassLoader classLoader = PluginHost.class.getClassLoader();
        private boolean scanClasspath = true;
        private final List<Path> pluginDirectories = new ArrayList<>();

        private Builder() {
        }

        /** The class loader whose service entries count as the classpath. */
        public Builder optClassLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** Whether to look on the classpath at all (true by default). */
        public Builder optScanClasspath(boolean scanClasspath) {
            this.scanClasspath = scanClasspath;
            return this;
        }

        /** A directory of plugin jars (or of sub-directories of jars); may be called repeatedly. */
        public Builder addPluginsDirectory(Path directory) {
            pluginDirectories.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        public PluginHost build() {
            return new PluginHost(this);
        }
    }
}
