package dev.facet.pipeline.scan;

import dev.facet.spi.ConfigException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.Tensor;
import java.util.EnumSet;
import java.util.Objects;

/**
 * A concept's value on an image as an attribution target: the mean (or max) of its concept map,
 * i.e. of its code over the grid tokens of a hook point. Perturbation attributions (occlusion,
 * RISE, Sobol) explain it with forward passes; it has no gradient, because dictionaries encode
 * on the heap, so gradient attributions are refused.
 */
public final class ConceptObjective implements Objective {
    private final TokenGrid grid;
    private final Dictionary dictionary;
    private final int concept;
    private final ImageScore score;
    private final GridWindow content;

    private ConceptObjective(TokenGrid grid, Dictionary dictionary, int concept, ImageScore score, GridWindow content) {
        this.grid = grid;
        this.dictionary = dictionary;
        this.concept = concept;
        this.score = score;
        this.content = content;
    }

    /**
     * The objective of {@code concept} of {@code dictionary} at {@code hook}.
     *
     * @throws ConfigException when the concept is out of range or the widths differ
     */
    public static ConceptObjective of(HookPoint hook, Dictionary dictionary, int concept, ImageScore score) {
        return of(hook, dictionary, concept, score, null);
    }

    /**
     * The objective of {@code concept} on an image whose geometry is known: the map's cells wholly in the
     * image's padding are left out of the mean or max (docs/algorithms.md#top-images).
     *
     * @param geometry where the image lies in the input, or {@code null} when it fills it
     * @throws ConfigException when the concept is out of range or the widths differ
     */
    public static ConceptObjective of(HookPoint hook, Dictionary dictionary, int concept, ImageScore score,
            InputGeometry geometry) {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(score, "score");
        int concepts = dictionary.info().concepts();
        if (concept < 0 || concept >= concepts) {
            throw ConfigException.outOfRange("concept", concept, "[0, " + (concepts - 1) + "]");
        }
        if (dictionary.info().inputDim() != hook.layout().channels()) {
            throw new ConfigException("The dictionary takes rows of width " + dictionary.info().inputDim()
                    + " but hook point '" + hook.name() + "' has " + hook.layout().channels() + " channels");
        }
        TokenGrid grid = TokenGrid.of(hook);
        GridWindow content = geometry == null ? GridWindow.whole(grid.height(), grid.width())
                : geometry.contentCells(grid.height(), grid.width());
        return new ConceptObjective(grid, dictionary, concept, score, content);
    }

    @Override
    public String hookPoint() {
        return grid.hook().name();
    }

    @Override
    public double[] scores(Tensor activations) {
        int images = (int) activations.dim(0);
        Codes codes = dictionary.encode(grid.tokens(activations, images));
        int cells = grid.cells();
        double[] scores = new double[images];
        for (int image = 0; image < images; image++) {
            double sum = 0;
            double max = 0;
            boolean first = true;
            for (int y = content.firstRow(); y < content.endRow(); y++) {
                for (int x = content.firstColumn(); x < content.endColumn(); x++) {
                    double value = codes.get(image * cells + y * grid.width() + x, concept);
                    sum += value;
                    max = first ? value : Math.max(max, value);
                    first = false;
                }
            }
            scores[image] = score == ImageScore.MEAN ? sum / content.cells() : max;
        }
        return scores;
    }

    /** Not available: the dictionary's encoder runs outside autograd. */
    @Override
    public Tensor gradient(Tensor activations) {
        throw new MissingCapabilityException("a concept objective's gradient", EnumSet.of(dev.facet.spi.Capability.INPUT_GRADIENTS),
                "the dictionary encoder (heap, no autograd)", EnumSet.noneOf(dev.facet.spi.Capability.class));
    }
}
