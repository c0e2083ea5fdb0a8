package dev.facet.plugins.testplugins;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.backbone.BackboneFactory;
import java.util.List;

/** Base of the wiring-test plugins: a descriptor and one backbone factory. */
public abstract class AbstractTestPlugin implements Plugin {
    private final String id;
    private final int spiVersion;
    private final String factoryId;

    protected AbstractTestPlugin(String id, int spiVersion, String factoryId) {
        this.id = id;
        this.spiVersion = spiVersion;
        this.factoryId = factoryId;
    }

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor(id, "0.0.1", spiVersion, "wiring test");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new EchoBackboneFactory(factoryId));
    }
}
