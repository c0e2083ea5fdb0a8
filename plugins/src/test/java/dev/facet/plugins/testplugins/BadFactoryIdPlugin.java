package dev.facet.plugins.testplugins;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.backbone.BackboneFactory;
import java.util.List;

/** Wiring-test plugin 'test-bad-factory' (SPI 1) with one backbone factory 'Bad Id'. */
public final class BadFactoryIdPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("test-bad-factory", "0.0.1", 1, "wiring test");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new EchoBackboneFactory("Bad Id"));
    }
}
