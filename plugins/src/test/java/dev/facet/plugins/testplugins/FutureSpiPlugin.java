package dev.facet.plugins.testplugins;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.backbone.BackboneFactory;
import java.util.List;

/** Wiring-test plugin 'test-future' (SPI 99) with one backbone factory 'future'. */
public final class FutureSpiPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("test-future", "0.0.1", 99, "wiring test");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new EchoBackboneFactory("future"));
    }
}
