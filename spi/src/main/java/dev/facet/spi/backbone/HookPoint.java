package dev.facet.spi.backbone;

import dev.facet.spi.ConfigException;
import java.util.Objects;

/**
 * A place in a backbone whose activations Facet can read.
 *
 * @param name   stable name, e.g. {@code blocks.3} or an ONNX tensor name; unique per backbone
 * @param layout how the activations are laid out
 */
public record HookPoint(String name, HookLayout layout) {

    public HookPoint {
        if (name == null || name.isBlank()) {
            throw new ConfigException("Hook point name must not be blank");
        }
        Objects.requireNonNull(layout, "layout of hook point " + name);
    }
}
