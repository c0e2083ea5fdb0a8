package dev.facet.spi.visual;

import dev.facet.spi.Capability;
import dev.facet.spi.ComponentFactory;
import dev.facet.spi.config.ConfigValues;
import java.util.Set;

/** Makes concept visualizers of one kind from their settings. */
public interface ConceptVisualizerFactory extends ComponentFactory {

    /** Capabilities the backbone must provide. */
    Set<Capability> requires();

    ConceptVisualizer create(ConfigValues settings);
}
