package dev.facet.spi.backbone;

import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.UnknownComponentException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an opened backbone is and offers.
 *
 * @param model        name of the model (file name or zoo name)
 * @param input        what the backbone takes as input
 * @param hookPoints   every readable place, in model order; names unique
 * @param capabilities what the backbone can do
 */
public record BackboneInfo(String model, InputSpec input, List<HookPoint> hookPoints,
                           Set<Capability> capabilities) {

    public BackboneInfo {
        hookPoints = List.copyOf(hookPoints);
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        Set<String> seen = new HashSet<>();
        for (HookPoint hook : hookPoints) {
            if (!seen.add(hook.name())) {
                throw new ConfigException("Backbone '" + model + "' declares hook point '" + hook.name() + "' twice");
            }
        }
    }

    /** The hook point called {@code name}; an unknown name lists the closest ones. */
    public HookPoint hookPoint(String name) {
        for (HookPoint hook : hookPoints) {
            if (hook.name().equals(name)) {
                return hook;
            }
        }
        throw new UnknownComponentException("hook point of '" + model + "'", name,
                hookPoints.stream().map(HookPoint::name).toList());
    }
}
