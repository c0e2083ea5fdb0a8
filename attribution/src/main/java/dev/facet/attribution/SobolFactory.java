package dev.facet.attribution;

import dev.facet.spi.Capability;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import java.util.Set;

/** Registers {@link SobolAttribution} under the id {@code sobol}; needs forward passes only. */
public final class SobolFactory implements AttributionFactory {

    @Override
    public String id() {
        return "sobol";
    }

    @Override
    public String description() {
        return "Sobol total-order indices (Fel et al. 2021) of grid-cell masks, Jansen estimator";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.FORWARD);
    }

    @Override
    public Settings settings() {
        return SobolSettings.SETTINGS;
    }

    @Override
    public Attribution create(ConfigValues settings) {
        return new SobolAttribution(SobolSettings.from(settings));
    }
}
