package dev.facet.attribution;

import dev.facet.spi.FacetVersion;
import dev.facet.spi.Plugin;
import dev.facet.spi.PluginDescriptor;
import dev.facet.spi.attribution.AttributionFactory;
import java.util.List;

/**
 * The attribution methods this module ships, registered through its own
 * {@code META-INF/services/dev.facet.spi.Plugin} entry exactly like a third-party plugin.
 */
public final class AttributionPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return PluginDescriptor.of("facet-attribution", FacetVersion.get(), "Facet built-in attribution methods");
    }

    @Override
    public List<AttributionFactory> attributions() {
        return List.of(new OcclusionFactory(), new RiseFactory(), new SobolFactory(), GradientFactory.saliency(),
                GradientFactory.gradientInput(), GradientFactory.integratedGradients(), GradientFactory.smoothGrad());
    }
}
