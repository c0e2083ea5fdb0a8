package dev.facet.pipeline.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConceptObjectiveTest {

    private final ConceptMapsTest.FakeBackbone backbone = new ConceptMapsTest.FakeBackbone();
    private final ConceptMapsTest.ReluDictionary dictionary = new ConceptMapsTest.ReluDictionary(ConceptMapsTest.CHANNELS);
    private final HookPoint tokens = backbone.info().hookPoint("tokens");

    @Test
    void scoresAreTheMeanOrMaxOfTheConceptMap() {
        Tensor pixels = Tensor.zeros(3, 1, 6, 8);
        ConceptMapBatch batch = ConceptMaps.builder().setBackbone(backbone).setHookPoint("tokens").setDictionary(dictionary)
                .build().compute(pixels);
        Tensor activations = backbone.forward(pixels, "tokens");
        for (int concept = 0; concept < ConceptMapsTest.CONCEPTS; concept++) {
            double[] mean = ConceptObjective.of(tokens, dictionary, concept, ImageScore.MEAN).scores(activations);
            double[] max = ConceptObjective.of(tokens, dictionary, concept, ImageScore.MAX).scores(activations);
            for (int image = 0; image < 3; image++) {
                FloatMatrix map = batch.map(image, concept);
                double sum = 0;
                double top = Double.NEGATIVE_INFINITY;
                for (float v : map.data()) {
                    sum += v;
                    top = Math.max(top, v);
                }
                assertEquals(sum / map.data().length, mean[image], 1e-6, "mean, concept " + concept + " image " + image);
                assertEquals(top, max[image], 1e-6, "max, concept " + concept + " image " + image);
            }
        }
    }

    @Test
    void refusesBadConceptsWidthsAndGradients() {
        ConfigException range = assertThrows(ConfigException.class,
                () -> ConceptObjective.of(tokens, dictionary, ConceptMapsTest.CONCEPTS, ImageScore.MEAN));
        assertTrue(range.getMessage().contains("concept"), range.getMessage());
        ConfigException width = assertThrows(ConfigException.class,
                () -> ConceptObjective.of(tokens, new ConceptMapsTest.ReluDictionary(7), 0, ImageScore.MEAN));
        assertTrue(width.getMessage().contains("7") && width.getMessage().contains("tokens"), width.getMessage());
        ConceptObjective objective = ConceptObjective.of(tokens, dictionary, 1, ImageScore.MAX);
        assertEquals("tokens", objective.hookPoint());
        MissingCapabilityException gradient = assertThrows(MissingCapabilityException.class,
                () -> objective.gradient(Tensor.zeros(1, ConceptMapsTest.TOKENS, ConceptMapsTest.CHANNELS)));
        assertTrue(gradient.getMessage().contains("ENCODER_GRADIENTS"), gradient.getMessage());
    }
}
