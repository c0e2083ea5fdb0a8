package dev.facet.spi.backbone;

import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.UnknownComponentException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an opened backbone is and offers.
 *
 * @param model        name of the model (file name or zoo name)
 * @param input        what the backbone takes as input
 * @param hookPoints   every readable place, in model order; names unique
 * @param capabilities what the backbone can do
 * @param refused      names a user may try that are not hook points (a weight, a tensor of integers, a
 *                     shape that fits no layout), each with the reason as words that follow the name,
 *                     e.g. {@code is a weight (initializer) of the model, not an activation}
 */
public record BackboneInfo(String model, InputSpec input, List<HookPoint> hookPoints,
                           Set<Capability> capabilities, Map<String, String> refused) {

    public BackboneInfo {
        hookPoints = List.copyOf(hookPoints);
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        refused = Map.copyOf(refused);
        Set<String> seen = new HashSet<>();
        for (HookPoint hook : hookPoints) {
            if (!seen.add(hook.name())) {
                throw new ConfigException("Backbone '" + model + "' declares hook point '" + hook.name() + "' twice");
            }
            if (refused.containsKey(hook.name())) {
                throw new ConfigException("Backbone '" + model + "' both offers and refuses hook point '" + hook.name() + "'");
            }
        }
    }

    /** A backbone that refuses no name beyond those it lacks. */
    public BackboneInfo(String model, InputSpec input, List<HookPoint> hookPoints, Set<Capability> capabilities) {
        this(model, input, hookPoints, capabilities, Map.of());
    }

    /**
     * The hook point called {@code name}.
     *
     * @throws ConfigException           for a refused name, with the reason
     * @throws UnknownComponentException for any other unknown name, listing the closest hook points
     */
    public HookPoint hookPoint(String name) {
        for (HookPoint hook : hookPoints) {
            if (hook.name().equals(name)) {
                return hook;
            }
        }
        String reason = refused.get(name);
        if (reason != null) {
            throw new ConfigException("'" + name + "' " + reason + "; it cannot be a hook point of '" + model + "'");
        }
        throw new UnknownComponentException("hook point of '" + model + "'", name,
                hookPoints.stream().map(HookPoint::name).toList());
    }
}
