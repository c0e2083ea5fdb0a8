package dev.facet.attribution;

import dev.facet.spi.Capability;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.config.Settings;
import java.util.Set;

/** Registers {@link Occlusion} under the id {@code occlusion}; needs forward passes only. */
public final class OcclusionFactory implements AttributionFactory {

    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String description() {
        return "Occlusion sensitivity (Zeiler & Fergus 2014): objective drop under a sliding patch";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.FORWARD);
    }

    @Override
    public Settings settings() {
        return OcclusionSettings.SETTINGS;
    }

    @Override
    public Attribution create(ConfigValues settings) {
        return new Occlusion(OcclusionSettings.from(settings));
    }
}
