package dev.facet.pipeline.scan;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Concept maps (docs/algorithms.md#concept-maps): runs a backbone to a hook point, encodes every grid
 * token with a dictionary and returns the codes as a {@link ConceptMapBatch}. The grid depends on the
 * hook's layout: for tokens (n, t, c) the patch grid h×w after dropping the CLS and register tokens;
 * for spatial maps (n, c, h, w) the h×w positions; for one vector per image (n, f) a 1×1 map, so pooled
 * features still rank images but carry no location.
 *
 * <p>The caller owns the backbone and the dictionary: this class never closes them.
 *
 * <pre>{@code
 * ConceptMaps maps = ConceptMaps.builder().setBackbone(backbone).setHookPoint("blocks.3")
 *         .setDictionary(dictionary).build();
 * ConceptMapBatch batch = maps.compute(pixels);
 * }</pre>
 */
public final class ConceptMaps {
    private final Backbone backbone;
    private final Dictionary dictionary;
    private final TokenGrid grid;
    private final int concepts;

    private ConceptMaps(Builder builder, TokenGrid grid, int concepts) {
        this.backbone = builder.backbone;
        this.dictionary = builder.dictionary;
        this.grid = grid;
        this.concepts = concepts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The hook point read. */
    public HookPoint hookPoint() {
        return grid.hook();
    }

    /** Rows of each map. */
    public int height() {
        return grid.height();
    }

    /** Columns of each map. */
    public int width() {
        return grid.width();
    }

    /** Number of concepts of the dictionary. */
    public int concepts() {
        return concepts;
    }

    /**
     * The concept maps of a batch of preprocessed images: one forward pass and one
     * {@link Dictionary#encode} call over the batch's images·h·w grid tokens.
     *
     * @param pixels images laid out as the backbone's {@code InputSpec#batchShape}
     * @throws InvalidDataException when the batch is empty, or the activations have the wrong shape
     *                              or hold NaN or an infinity (naming the hook and the image)
     */
    public ConceptMapBatch compute(Tensor pixels) {
        return compute(pixels, null);
    }

    /**
     * {@link #compute(Tensor)} of images whose geometries are known: each image's content cells are the
     * grid cells not wholly in its padding (docs/algorithms.md#input-geometry).
     *
     * @param geometries where each image lies in the input, one per image, or {@code null} when every
     *                   image fills it
     */
    public ConceptMapBatch compute(Tensor pixels, List<InputGeometry> geometries) {
        if (pixels.rank() == 0 || pixels.dim(0) < 1) {
            throw new InvalidDataException("Concept maps need a batch of at least one image, found shape "
                    + Arrays.toString(pixels.shape()));
        }
        int images = (int) pixels.dim(0);
        Tensor activations = backbone.forward(pixels, grid.hook().name());
        FloatMatrix tokens = grid.tokens(activations, images);
        Codes codes = dictionary.encode(tokens);
        if (codes.rows() != tokens.rows() || codes.concepts() != concepts) {
            throw new InvalidDataException("Dictionary '" + dictionary.info().learner() + "' encoded " + tokens.rows()
                    + " tokens into " + codes.rows() + "x" + codes.concepts() + " codes, expected " + tokens.rows() + "x"
                    + concepts);
        }
        List<GridWindow> content = null;
        if (geometries != null) {
            if (geometries.size() != images) {
                throw new InvalidDataException("Concept maps of " + images + " images need as many geometries, found "
                        + geometries.size());
            }
            content = geometries.stream().map(g -> g.contentCells(grid.height(), grid.width())).toList();
        }
        return new ConceptMapBatch(codes, images, grid.height(), grid.width(), content);
    }

    /** Builds {@link ConceptMaps}; every setter is required. */
    public static final class Builder {
        private Backbone backbone;
        private Dictionary dictionary;
        private String hookPoint;

        private Builder() {
        }

        public Builder setBackbone(Backbone backbone) {
            this.backbone = backbone;
            return this;
        }

        /** A name from the backbone's {@link BackboneInfo#hookPoints()}. */
        public Builder setHookPoint(String hookPoint) {
            this.hookPoint = hookPoint;
            return this;
        }

        public Builder setDictionary(Dictionary dictionary) {
            this.dictionary = dictionary;
            return this;
        }

        /**
         * @throws ConfigException                         when a part is missing, the dictionary's input
         *                                                 width differs from the hook's channels, or a
         *                                                 token layout has no patch grid
         * @throws dev.facet.spi.UnknownComponentException when the backbone lacks the hook point
         *                                                 (listing the available ones)
         */
        public ConceptMaps build() {
            if (backbone == null || dictionary == null || hookPoint == null) {
                throw new ConfigException("Concept maps need a backbone, a hook point and a dictionary; missing: "
                        + (backbone == null ? "backbone " : "") + (hookPoint == null ? "hook point " : "")
                        + (dictionary == null ? "dictionary" : ""));
            }
            BackboneInfo info = backbone.info();
            HookPoint hook = info.hookPoint(hookPoint);
            DictionaryInfo dictionaryInfo = dictionary.info();
            if (dictionaryInfo.inputDim() != hook.layout().channels()) {
                throw new ConfigException("Dictionary '" + dictionaryInfo.learner() + "' encodes inputs of width "
                        + dictionaryInfo.inputDim() + ", but hook point '" + hook.name() + "' of '" + info.model()
                        + "' has " + hook.layout().channels() + " channels");
            }
            return new ConceptMaps(this, TokenGrid.of(hook), dictionaryInfo.concepts());
        }
    }
}
