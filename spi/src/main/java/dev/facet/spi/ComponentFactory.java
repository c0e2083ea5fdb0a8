package dev.facet.spi;

import dev.facet.spi.config.Settings;
import java.util.Set;

/**
 * Common shape of every factory a plugin contributes. The host binds factories in registries
 * keyed by {@link #id()}, sorted by id, so ids must be unique within their kind across all plugins.
 */
public interface ComponentFactory {

    /** Stable id, lowercase letters, digits, '-' and '.', e.g. {@code onnx} or {@code topk}. */
    String id();

    /** One line for {@code facet plugins}. */
    String description();

    /** What the components this factory makes can do; empty when nothing applies. */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * The settings the components take, each declared once (name, type, default, range or
     * choices, description): the factory validates its configuration with it, and
     * {@code facet plugins --settings ID} and the generated docs show it. Empty when the factory
     * declares none, as a plugin written before schemas existed does.
     */
    default Settings settings() {
        return Settings.empty();
    }
}
