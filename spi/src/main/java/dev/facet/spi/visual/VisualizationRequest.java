package dev.facet.spi.visual;

import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One concept to visualize, with everything a visualizer may use.
 *
 * @param backbone   the model the dictionary was learned on
 * @param hookPoint  the hook point the dictionary reads
 * @param dictionary the dictionary
 * @param concept    index of the concept, in [0, concepts)
 * @param topImages  the images that activate the concept most, best first (may be empty)
 * @param outputDir  where to write pictures
 */
public record VisualizationRequest(Backbone backbone, String hookPoint, Dictionary dictionary, int concept,
                                   List<Path> topImages, Path outputDir) {

    public VisualizationRequest {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(outputDir, "outputDir");
        if (concept < 0 || concept >= dictionary.info().concepts()) {
            throw ConfigException.outOfRange("concept", concept, "[0, " + dictionary.info().concepts() + ")");
        }
        topImages = List.copyOf(topImages);
    }
}
