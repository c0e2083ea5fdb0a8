package dev.facet.pipeline.explain;

import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.InputGeometry;
import java.util.Map;
import java.util.function.Function;

/**
 * A target checked against a backbone (and dictionary): the objective for an image of a given
 * geometry, and what {@code scores.json} records about it.
 *
 * @param description the target with what was resolved (a class's index and name, a concept's hook point)
 * @param objectives  the objective of an image placed in the input by a geometry
 */
public record ResolvedTarget(Map<String, Object> description, Function<InputGeometry, Objective> objectives) {

    /** The objective of an image with this geometry. */
    public Objective objective(InputGeometry geometry) {
        return objectives.apply(geometry);
    }
}
