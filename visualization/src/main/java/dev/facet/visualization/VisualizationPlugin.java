package dev.facet.visualization;

import dev.facet.spi.FacetVersion;
import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.util.List;

/**
 * The feature visualizers this module ships, {@code maco} (Fel et al. 2023) and {@code pixel} (Olah et
 * al. 2017), registered through its own {@code META-INF/services/dev.facet.spi.Plugin} entry exactly like
 * a third-party plugin. Both need a backbone with input gradients.
 */
public final class VisualizationPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("facet-visualization", FacetVersion.get(), "Facet built-in feature visualizations");
    }

    @Override
    public List<ConceptVisualizerFactory> visualizers() {
        return List.of(VisualizerFactories.maco(), VisualizerFactories.pixel());
    }
}
