package com.example.facet.patches;

import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.util.List;

/**
 * An example third-party Facet plugin: built as its own jar against the SPI alone, dropped into a
 * plugins directory, and discovered there by the host. It adds one backbone, {@code pixel-patches},
 * and one concept visualizer, {@code mean-image}.
 */
public final class PixelPatchesPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("example-patches", "1.0.0", "Example plugin: raw pixel patches as tokens");
    }

    @Override
    public List<BackboneFactory> backbones() {
        return List.of(new PixelPatchesBackboneFactory());
    }

    @Override
    public List<ConceptVisualizerFactory> visualizers() {
        return List.of(new MeanImageVisualizerFactory());
    }
}
