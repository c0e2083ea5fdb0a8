package dev.facet.attribution;

import dev.facet.spi.Capability;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import java.util.Set;

/** Registers {@link Rise} under the id {@code rise}; needs forward passes only. */
public final class RiseFactory implements AttributionFactory {

    @Override
    public String id() {
        return "rise";
    }

    @Override
    public String description() {
        return "RISE (Petsiuk et al. 2018): objective-weighted mean of random smooth masks";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.FORWARD);
    }

    @Override
    public Settings settings() {
        return RiseSettings.SETTINGS;
    }

    @Override
    public Attribution create(ConfigValues settings) {
        return new Rise(RiseSettings.from(settings));
    }
}
