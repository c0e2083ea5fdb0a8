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
 */
public record Atlas(AtlasOverview overview, List<AtlasConcept> concepts) {

    public Atlas {
        Objects.requireNonNull(overview, "overview");
        concepts = List.copyOf(Objects.requireNonNull(concepts, "concepts"));
        for (int i = 0; i < concepts.size(); i++) {
            if (concepts.get(i).id() != i) {
                throw new ConfigException("Atlas concepts must be in id order 0.." + (concepts.size() - 1)
                        + ": entry " + i + " has id " + concepts.get(i).id());
            }
        }
    }
}
