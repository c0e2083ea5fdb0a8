package dev.facet.spi;

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
}
