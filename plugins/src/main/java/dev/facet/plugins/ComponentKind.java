package dev.facet.plugins;

import dev.facet.spi.ComponentFactory;
import dev.facet.spi.Plugin;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.util.List;
import java.util.function.Function;

/** The kinds of factory a plugin contributes, each with its own id namespace and registry. */
public enum ComponentKind {
    BACKBONE("backbone", BackboneFactory.class, Plugin::backbones),
    LEARNER("learner", DictionaryLearnerFactory.class, Plugin::learners),
    ATTRIBUTION("attribution", AttributionFactory.class, Plugin::attributions),
    VISUALIZER("visualizer", ConceptVisualizerFactory.class, Plugin::visualizers);

    private final String label;
    private final Class<? extends ComponentFactory> type;
    private final Function<Plugin, List<? extends ComponentFactory>> getter;

    ComponentKind(String label, Class<? extends ComponentFactory> type,
                  Function<Plugin, List<? extends ComponentFactory>> getter) {
        this.label = label;
        this.type = type;
        this.getter = getter;
    }

    /** Lowercase name used in messages and listings. */
    public String label() {
        return label;
    }

    /** The factory interface of this kind. */
    public Class<? extends ComponentFactory> type() {
        return type;
    }

    List<? extends ComponentFactory> factoriesOf(Plugin plugin) {
        return getter.apply(plugin);
    }
}
