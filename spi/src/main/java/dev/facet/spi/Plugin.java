package dev.facet.spi;

import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.util.List;

/**
 * Entry point of a Facet plugin: one implementation per jar, named in
 * {@code META-INF/services/dev.facet.spi.Plugin} and found with {@link java.util.ServiceLoader}.
 * Built-in components register the same way as third-party ones.
 *
 * <p>Implementations need a public no-argument constructor and should do no work in it; the host
 * instantiates every plugin before validating them together. Each getter returns the factories of
 * one kind; ids must be unique within a kind across all plugins.
 */
public interface Plugin {

    /** Id, version and SPI version of this plugin. */
    PluginDescriptor descriptor();

    /** Backbones this plugin adds (ONNX, TorchScript, ...). */
    default List<BackboneFactory> backbones() {
        return List.of();
    }

    /** Dictionary learners this plugin adds (sparse autoencoders, NMF, ...). */
    default List<DictionaryLearnerFactory> learners() {
        return List.of();
    }

    /** Attribution methods this plugin adds. */
    default List<AttributionFactory> attributions() {
        return List.of();
    }

    /** Concept visualizers this plugin adds. */
    default List<ConceptVisualizerFactory> visualizers() {
        return List.of();
    }
}
