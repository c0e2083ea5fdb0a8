package dev.facet.plugins;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.facet.spi.ComponentFactory;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Binds the factories of validated plugins into one {@code MapBinder<String, X>} per kind, keyed by
 * id and added in id order, so nothing depends on classpath order. Factories are stateless
 * values; nothing {@code Closeable} is bound.
 */
final class PluginModule extends AbstractModule {
    private final PluginCatalog catalog;

    PluginModule(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void configure() {
        bind(PluginCatalog.class).toInstance(catalog);
        bindKind(ComponentKind.BACKBONE, BackboneFactory.class);
        bindKind(ComponentKind.LEARNER, DictionaryLearnerFactory.class);
        bindKind(ComponentKind.ATTRIBUTION, AttributionFactory.class);
        bindKind(ComponentKind.VISUALIZER, ConceptVisualizerFactory.class);
        bind(FacetRegistry.class);
    }

    private <T extends ComponentFactory> void bindKind(ComponentKind kind, Class<T> type) {
        MapBinder<String, T> binder = MapBinder.newMapBinder(binder(), String.class, type);
        List<ComponentFactory> all = new ArrayList<>();
        for (LoadedPlugin plugin : catalog.plugins()) {
            all.addAll(plugin.factories(kind));
        }
        all.sort(Comparator.comparing(ComponentFactory::id));
        for (ComponentFactory factory : all) {
            binder.addBinding(factory.id()).toInstance(type.cast(factory));
        }
    }
}
