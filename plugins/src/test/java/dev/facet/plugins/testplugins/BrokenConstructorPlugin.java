package dev.facet.plugins.testplugins;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;

/** Wiring-test plugin whose constructor fails. */
public final class BrokenConstructorPlugin implements Plugin {

    public BrokenConstructorPlugin() {
        throw new IllegalStateException("constructor failed on purpose");
    }

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("test-broken", "0.0.1", "");
    }
}
