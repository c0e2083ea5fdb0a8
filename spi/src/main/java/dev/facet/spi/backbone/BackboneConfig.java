package dev.facet.spi.backbone;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.config.ConfigValues;
import java.util.Objects;

/**
 * How to open a backbone.
 *
 * @param model   a model file path or a model-zoo name, interpreted by the factory
 * @param device  where to run
 * @param options factory-specific settings (descriptor, batch size, ...)
 */
public record BackboneConfig(String model, Device device, ConfigValues options) {

    public BackboneConfig {
        if (model == null || model.isBlank()) {
            throw new ConfigException("Backbone config: model must name a file or a zoo model");
        }
        Objects.requireNonNull(device, "device");
        options = options == null ? ConfigValues.empty() : options;
    }

    /** A CPU backbone for {@code model} with no options. */
    public static BackboneConfig of(String model) {
        return new BackboneConfig(model, Device.CPU, ConfigValues.empty());
    }
}
