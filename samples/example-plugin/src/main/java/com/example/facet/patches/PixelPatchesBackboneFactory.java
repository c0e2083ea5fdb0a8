package com.example.facet.patches;

import dev.facet.spi.Capability;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.config.ConfigValues;
import java.util.List;
import java.util.Set;

/**
 * Opens {@link PixelPatchesBackbone}s. The model name must be {@code pixel-patches}; options
 * {@code height}, {@code width} (28), {@code channels} (1) and {@code patch} (7) set the geometry.
 */
public final class PixelPatchesBackboneFactory implements BackboneFactory {
    static final String MODEL = "pixel-patches";

    @Override
    public String id() {
        return "pixel-patches";
    }

    @Override
    public String description() {
        return "Non-overlapping pixel patches as tokens (Olshausen & Field style dictionary learning)";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.FORWARD);
    }

    @Override
    public Backbone open(BackboneConfig config) {
        if (!MODEL.equals(config.model())) {
            throw new UnknownComponentException("model of backbone 'pixel-patches'", config.model(), List.of(MODEL));
        }
        ConfigValues options = config.options().rejectUnknown(Set.of("height", "width", "channels", "patch"));
        int height = options.optInt("height", 28, 1, 8192);
        int width = options.optInt("width", 28, 1, 8192);
        int channels = options.optInt("channels", 1, 1, 3);
        int patch = options.optInt("patch", 7, 1, Math.min(height, width));
        return new PixelPatchesBackbone(height, width, channels, patch);
    }
}
