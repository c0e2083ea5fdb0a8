package dev.facet.pipeline.scan;

import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A concept's value on an image as an attribution target: the mean (or max) of its concept map,
 * i.e. of its code over the grid tokens of a hook point. Perturbation attributions (occlusion,
 * RISE, Sobol) explain it with forward passes. Its gradient with respect to the hook point's
 * activations exists when the dictionary is a {@link DifferentiableDictionary}
 * ({@link Capability#ENCODER_GRADIENTS}): the dictionary's VJP of the concept column's weights
 * (docs/algorithms.md#concept-gradient), which gradient attributions chain with the backbone's input
 * gradient.
 */
public final class ConceptObjective implements Objective {
    private final TokenGrid grid;
    private final Dictionary dictionary;
    private final int concept;
    private final ImageScore score;
    private final GridWindow content;
    private final boolean straightThrough;

    private ConceptObjective(TokenGrid grid, Dictionary dictionary, int concept, ImageScore score, GridWindow content,
                             boolean straightThrough) {
        this.grid = grid;
        this.dictionary = dictionary;
        this.concept = concept;
        this.score = score;
        this.content = content;
        this.straightThrough = straightThrough;
    }

    /**
     * This objective with the gradient passed straight through the dictionary's sparsifier
     * ({@link DifferentiableDictionary#preactivationGradient}): its scores are unchanged, but its gradient
     * also moves positions where the concept is off, whose exact gradient is 0. Feature visualization
     * ascends this one: from a random start a TopK concept is off almost everywhere, and the exact
     * gradient would leave the image where it began (docs/algorithms.md#concept-objective-for-feature-visualization).
     */
    public ConceptObjective straightThrough() {
        return new ConceptObjective(grid, dictionary, concept, score, content, true);
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
        return new ConceptObjective(grid, dictionary, concept, score, content, false);
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

    /**
     * The gradient of the summed scores with respect to {@code activations}: weights on the concept's
     * column (MEAN: 1/cells on each content cell; MAX: 1 on each image's first argmax cell), the
     * dictionary's VJP on the grid token rows, scattered back into the hook's layout (0 at tokens the
     * grid does not use, such as CLS).
     *
     * @throws MissingCapabilityException naming the dictionary when it is not a
     *                                    {@link DifferentiableDictionary}
     */
    @Override
    public Tensor gradient(Tensor activations) {
        DifferentiableDictionary differentiable = requireDifferentiable("a concept objective's gradient", dictionary);
        int images = (int) activations.dim(0);
        FloatMatrix tokens = grid.tokens(activations, images);
        int cells = grid.cells();
        int concepts = dictionary.info().concepts();
        Codes codes = score == ImageScore.MAX ? dictionary.encode(tokens) : null;
        FloatMatrix upstream = FloatMatrix.zeros(tokens.rows(), concepts);
        for (int image = 0; image < images; image++) {
            int best = -1;
            double max = 0;
            for (int y = content.firstRow(); y < content.endRow(); y++) {
                for (int x = content.firstColumn(); x < content.endColumn(); x++) {
                    int row = image * cells + y * grid.width() + x;
                    if (codes == null) {
                        upstream.set(row, concept, 1f / content.cells());
                    } else if (best < 0 || codes.get(row, concept) > max) {
                        best = row;
                        max = codes.get(row, concept);
                    }
                }
            }
            if (best >= 0) {
                upstream.set(best, concept, 1f);
            }
        }
        FloatMatrix gradient = straightThrough ? differentiable.preactivationGradient(tokens, upstream)
                : differentiable.encodeGradient(tokens, upstream);
        return grid.scatter(gradient, images);
    }

    /**
     * Refuses, before any forward pass, an attribution that needs input gradients
     * ({@code required} holds {@link Capability#INPUT_GRADIENTS}) of a concept unless the backbone
     * differentiates its input and the dictionary its encoder ({@link Capability#ENCODER_GRADIENTS}).
     *
     * @param method   the attribution's id, for the message
     * @param required the capabilities the attribution's factory requires of the backbone
     * @throws MissingCapabilityException naming the method, the missing capability and the component
     */
    public static void requireCompatible(String method, Set<Capability> required, BackboneInfo backbone,
                                         Dictionary dictionary) {
        String requirer = "attribution '" + method + "' of a concept";
        MissingCapabilityException.check(requirer, required, "backbone '" + backbone.model() + "'",
                backbone.capabilities());
        if (required.contains(Capability.INPUT_GRADIENTS)) {
            requireDifferentiable(requirer, dictionary);
        }
    }

    private static DifferentiableDictionary requireDifferentiable(String requirer, Dictionary dictionary) {
        if (dictionary instanceof DifferentiableDictionary differentiable) {
            return differentiable;
        }
        throw new MissingCapabilityException(requirer, EnumSet.of(Capability.ENCODER_GRADIENTS),
                "dictionary '" + dictionary.info().learner() + "'", EnumSet.noneOf(Capability.class));
    }
}
