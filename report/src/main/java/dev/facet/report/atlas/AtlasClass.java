package dev.facet.report.atlas;

import dev.facet.spi.ConfigException;
import java.util.List;

/**
 * The concepts that drive one class of the model (concept importance, CRAFT; docs/algorithms.md#concept-importance),
 * shown on the class's page {@code class-<index>.html}.
 *
 * @param index    the class's index in the model's output
 * @param name     its name
 * @param images   the images its importance was averaged over
 * @param score    the score that ranks the concepts (e.g. {@code sobol})
 * @param concepts the concepts that matter, the most important first
 */
public record AtlasClass(int index, String name, int images, String score, List<Importance> concepts) {

    public AtlasClass {
        if (index < 0) {
            throw ConfigException.outOfRange("atlas class index", index, ">= 0");
        }
        concepts = List.copyOf(concepts);
    }

    /** The file name of the class's page inside the atlas directory. */
    public String page() {
        return "class-" + index + ".html";
    }

    /**
     * A concept's importance for the class.
     *
     * @param concept    the concept
     * @param importance its mean importance over the class's images
     * @param share      its share of the class's total importance, in [−1, 1]
     */
    public record Importance(int concept, double importance, double share) {
    }
}
