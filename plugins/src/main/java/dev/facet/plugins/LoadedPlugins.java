package dev.facet.plugins;

import com.google.inject.Injector;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wired plugins: the {@link FacetRegistry} and the Guice injector behind it. Owns the class loaders
 * of directory plugins; close it when done with every component made from it.
 */
public final class LoadedPlugins implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedPlugins.class);

    private final List<PluginClassLoader> loaders;
    private Injector injector;

    LoadedPlugins(List<PluginClassLoader> loaders) {
        this.loaders = List.copyOf(loaders);
    }

    void wire(Injector injector) {
        this.injector = injector;
    }

    public FacetRegistry registry() {
        return injector.getInstance(FacetRegistry.class);
    }

    /** The injector, for components that want more than the registry. */
    public Injector injector() {
        return injector;
    }

    @Override
    public void close() {
        for (PluginClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.warn("Could not close plugin class loader {}: {}", loader.getName(), e.getMessage());
            }
        }
    }
}
