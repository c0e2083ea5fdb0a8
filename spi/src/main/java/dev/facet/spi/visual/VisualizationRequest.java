package dev.facet.spi.visual;

import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.tensor.Tensor;
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
 * @param objective  the concept's value on an image as the host scores it: the mean of its code over the
 *                   grid positions of {@code hookPoint}, with a gradient when the dictionary is
 *                   differentiable, passed straight through its sparsifier
 *                   ({@link dev.facet.spi.dictionary.DifferentiableDictionary#preactivationGradient}) so that
 *                   it also moves a concept that is off; feature visualizations ascend it
 * @param topImages  the images that activate the concept most, best first (may be empty)
 * @param sample     preprocessed pixels (n, c, h, w) of images drawn from the whole dataset, the same for
 *                   every concept of a run, for statistics such as a natural image spectrum; {@code null}
 *                   when the host has none
 * @param outputDir  where to write pictures
 */
public record VisualizationRequest(Backbone backbone, String hookPoint, Dictionary dictionary, int concept,
                                   Objective objective, List<Path> topImages, Tensor sample, Path outputDir) {

    public VisualizationRequest {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(outputDir, "outputDir");
        if (concept < 0 || concept >= dictionary.info().concepts()) {
            throw ConfigException.outOfRange("concept", concept, "[0, " + dictionary.info().concepts() + ")");
        }
        if (sample != null && sample.rank() != 4) {
            throw new ConfigException("A visualization request's sample must be pixels (n, c, h, w), found " + sample);
        }
        topImages = List.copyOf(topImages);
    }
}
