package dev.facet.plugins;

import com.google.inject.Inject;
import dev.facet.spi.Capability;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every factory the installed plugins contribute, by kind and id, as bound by Guice
 * {@code MapBinder}s. Lookups of unknown ids name the closest available ones; combining
 * components checks capabilities before anything runs.
 */
public final class FacetRegistry {
    private final SortedMap<String, BackboneFactory> backbones;
    private final SortedMap<String, DictionaryLearnerFactory> learners;
    private final SortedMap<String, AttributionFactory> attributions;
    private final SortedMap<String, ConceptVisualizerFactory> visualizers;
    private final List<LoadedPlugin> plugins;

    @Inject
    FacetRegistry(Map<String, BackboneFactory> backbones, Map<String, DictionaryLearnerFactory> learners,
                  Map<String, AttributionFactory> attributions, Map<String, ConceptVisualizerFactory> visualizers,
                  PluginCatalog catalog) {
        this.backbones = sorted(backbones);
        this.learners = sorted(learners);
        this.attributions = sorted(attributions);
        this.visualizers = sorted(visualizers);
        this.plugins = catalog.plugins();
    }

    private static <T> SortedMap<String, T> sorted(Map<String, T> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    /** The validated plugins, sorted by id. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    public BackboneFactory backbone(String id) {
        return lookup(ComponentKind.BACKBONE, backbones, id);
    }

    public DictionaryLearnerFactory learner(String id) {
        return lookup(ComponentKind.LEARNER, learners, id);
    }

    public AttributionFactory attribution(String id) {
        return lookup(ComponentKind.ATTRIBUTION, attributions, id);
    }

    public ConceptVisualizerFactory visualizer(String id) {
        return lookup(ComponentKind.VISUALIZER, visualizers, id);
    }

    /** Ids of one kind, sorted. */
    public Set<String> ids(ComponentKind kind) {
        return switch (kind) {
            case BACKBONE -> backbones.keySet();
            case LEARNER -> learners.keySet();
            case ATTRIBUTION -> attributions.keySet();
            case VISUALIZER -> visualizers.keySet();
        };
    }

    /** Refuses an attribution whose requirements the backbone does not meet. */
    public void requireCompatible(AttributionFactory attribution, BackboneInfo backbone) {
        requireCapabilities("attribution '" + attribution.id() + "'", attribution.requires(), backbone);
    }

    /** Refuses a visualizer whose requirements the backbone does not meet. */
    public void requireCompatible(ConceptVisualizerFactory visualizer, BackboneInfo backbone) {
        requireCapabilities("visualizer '" + visualizer.id() + "'", visualizer.requires(), backbone);
    }

    private static void requireCapabilities(String requirer, Set<Capability> required, BackboneInfo backbone) {
        MissingCapabilityException.check(requirer, required, "backbone '" + backbone.model() + "'",
                backbone.capabilities());
    }

    private static <T> T lookup(ComponentKind kind, SortedMap<String, T> registry, String id) {
        T factory = registry.get(id);
        if (factory == null) {
            throw new UnknownComponentException(kind.label(), id, registry.keySet());
        }
        return factory;
    }
}
