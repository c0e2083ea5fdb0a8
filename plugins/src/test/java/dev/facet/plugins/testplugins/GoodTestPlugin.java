package dev.facet.plugins.testplugins;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.backbone.BackboneFactory;
import java.util.List;

/** Wiring-test plugin 'test-good' (SPI 1) with one backbone factory 'echo'. */
public final class GoodTestPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("test-good", "0.0.1", 1, "wiring test");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new EchoBackboneFactory("echo"));
    }
}
