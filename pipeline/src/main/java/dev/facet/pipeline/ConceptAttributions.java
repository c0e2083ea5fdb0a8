package dev.facet.pipeline;

import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.awt.image.BufferedImage;

/**
 * Explains a concept's value on one image with an attribution: which input pixels the concept depends
 * on, as opposed to where its map is high. Perturbation methods (occlusion, RISE, Sobol) need forward
 * passes only; gradient methods (saliency, integrated gradients, ...) chain the dictionary's encoder
 * gradient ({@link ConceptObjective#gradient}) with the backbone's input gradient, and were checked by
 * {@link ConceptObjective#requireCompatible} when the report was built. Passes are serialised on the
 * backbone, which runs one batch at a time; negative evidence is clipped to 0 for the overlay.
 */
final class ConceptAttributions {
    private final String id;
    private final Attribution attribution;
    private final Backbone backbone;
    private final String hookPoint;
    private final Dictionary dictionary;
    private final ImageScore score;
    private final RunContext context;
    private final ImagePreprocessor preprocessor;

    ConceptAttributions(String id, Attribution attribution, Backbone backbone, String hookPoint, Dictionary dictionary,
                        ImageScore score, RunContext context) {
        this.id = id;
        this.attribution = attribution;
        this.backbone = backbone;
        this.hookPoint = hookPoint;
        this.dictionary = dictionary;
        this.score = score;
        this.context = context;
        this.preprocessor = new ImagePreprocessor(backbone.info().input());
    }

    String id() {
        return id;
    }

    /**
     * The attribution of {@code concept} on {@code image}, at the model's input size, clipped at 0; the
     * concept's value leaves out the map's cells wholly in the image's padding.
     */
    FloatMatrix explain(int concept, BufferedImage image) {
        int channels = backbone.info().input().channels();
        int height = backbone.info().input().height();
        int width = backbone.info().input().width();
        Tensor pixels = new Tensor(new long[] {1, channels, height, width}, preprocessor.preprocess(image));
        ConceptObjective objective = ConceptObjective.of(backbone.info().hookPoint(hookPoint), dictionary, concept, score,
                preprocessor.geometry(image.getWidth(), image.getHeight()));
        Tensor map;
        synchronized (backbone) {
            map = attribution.explain(backbone, pixels, objective, context);
        }
        if (map.data().length != height * width) {
            throw new InvalidDataException("Attribution '" + id + "' returned a map of shape " + map
                    + "; expected (1, " + height + ", " + width + ")");
        }
        float[] clipped = new float[height * width];
        for (int i = 0; i < clipped.length; i++) {
            float v = map.data()[i];
            if (!Float.isFinite(v)) {
                throw new InvalidDataException("Attribution '" + id + "' returned " + v + " for concept " + concept);
            }
            clipped[i] = Math.max(0f, v);
        }
        return new FloatMatrix(height, width, clipped);
    }
}
