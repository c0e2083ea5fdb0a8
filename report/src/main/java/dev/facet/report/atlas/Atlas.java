package dev.facet.report.atlas;

import dev.facet.spi.ConfigException;
import java.util.List;
import java.util.Objects;

/**
 * Everything the HTML concept atlas shows: the overview of the run and one entry per concept.
 * Picture fields hold paths relative to the atlas directory (written there beforehand) or
 * {@code null} when a picture was not made (e.g. a concept that never fired).
 *
 * @param overview the run: model, layer, learner, metrics, overview charts
 * @param concepts one entry per concept, in concept-id order
 * @param classes  the classes whose driving concepts have a page, possibly none
 */
public record Atlas(AtlasOverview overview, List<AtlasConcept> concepts, List<AtlasClass> classes) {

    /** An atlas without class pages. */
    public Atlas(AtlasOverview overview, List<AtlasConcept> concepts) {
        this(overview, concepts, List.of());
    }

    public Atlas {
        Objects.requireNonNull(overview, "overview");
        concepts = List.copyOf(Objects.requireNonNull(concepts, "concepts"));
        classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
        for (AtlasClass c : classes) {
            for (AtlasClass.Importance entry : c.concepts()) {
                if (entry.concept() < 0 || entry.concept() >= concepts.size()) {
                    throw new ConfigException("Atlas class " + c.index() + " lists concept " + entry.concept()
                            + ", outside the atlas's concepts 0.." + (concepts.size() - 1));
                }
            }
        }
        for (int i = 0; i < concepts.size(); i++) {
            if (concepts.get(i).id() != i) {
                throw new ConfigException("Atlas concepts must be in id order 0.." + (concepts.size() - 1)
                        + ": entry " + i + " has id " + concepts.get(i).id());
            }
        }
    }
}
