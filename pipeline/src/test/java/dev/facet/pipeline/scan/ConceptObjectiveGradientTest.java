package dev.facet.pipeline.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.facet.dictionaries.sae.SaeConfig;
import dev.facet.dictionaries.sae.SaeDictionary;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.Capability;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ConceptObjective#gradient} against central finite differences of the summed scores with respect
 * to the hook activations, for a TopK SAE on a token layout (CLS and registers), a spatial layout and a
 * vector layout, with the mean and the max score.
 */
class ConceptObjectiveGradientTest {

    /**
     * float32 scores of size ~1 carry rounding errors of ~1e-7, ~1e-5 after dividing by 2h = 0.02; the
     * TopK codes of a linear encoder are piecewise linear, so away from a change of the active set or
     * of the argmax (entries whose one-sided differences disagree are skipped) there is no truncation
     * error. 1e-3 of the largest gradient entry leaves a margin and fails a wrong weight (1/cells).
     */
    private static final double STEP = 1e-2;
    private static final double TOLERANCE = 1e-3;

    private final ConceptMapsTest.FakeBackbone backbone = new ConceptMapsTest.FakeBackbone();
    private final SaeDictionary dictionary = topk();

    @AfterEach
    void close() {
        dictionary.close();
    }

    private static SaeDictionary topk() {
        NDManager manager = PyTorchEngines.pytorch().newBaseManager();
        SparseAutoencoder model = SparseAutoencoder.create(manager, SaeConfig.from(ConfigValues.of("test",
                Map.of("concepts", ConceptMapsTest.CONCEPTS, "sparsifier", "topk", "k", 2)), null, false),
                ConceptMapsTest.CHANNELS, 3L, List.of());
        model.setInputScale(1.3f);
        return new SaeDictionary("topk", manager, model, TrainerConfig.defaults(), null);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"tokens, MEAN", "tokens, MAX", "spatial, MEAN", "spatial, MAX", "pooled, MEAN"})
    void matchesFiniteDifferencesOfTheScores(String hook, ImageScore score) {
        HookPoint point = backbone.info().hookPoint(hook);
        Tensor activations = random(point.layout().shape(2), 7);
        for (int concept = 0; concept < ConceptMapsTest.CONCEPTS; concept++) {
            ConceptObjective objective = ConceptObjective.of(point, dictionary, concept, score);
            Tensor gradient = objective.gradient(activations);
            assertArrayEquals(activations.shape(), gradient.shape(), "gradient shape");
            double largest = 0;
            for (float v : gradient.data()) {
                largest = Math.max(largest, Math.abs(v));
            }
            double centre = sum(objective.scores(activations));
            int compared = 0;
            for (int i = 0; i < activations.data().length; i++) {
                double above = (sum(objective.scores(shifted(activations, i, STEP))) - centre) / STEP;
                double below = (centre - sum(objective.scores(shifted(activations, i, -STEP)))) / STEP;
                if (Math.abs(above - below) > TOLERANCE * Math.max(largest, 1e-3)) {
                    continue;
                }
                assertEquals((above + below) / 2, gradient.data()[i], TOLERANCE * Math.max(largest, 1e-3),
                        hook + " " + score + " concept " + concept + ": entry " + activations.position(i));
                compared++;
            }
            assertTrue(compared > activations.data().length / 2, "most entries compared: " + compared);
        }
    }

    @Test
    void tokensOutsideTheGridGetZero() {
        HookPoint point = backbone.info().hookPoint("tokens");
        TokenLayout layout = (TokenLayout) point.layout();
        Tensor activations = random(point.layout().shape(2), 8);
        Tensor gradient = ConceptObjective.of(point, dictionary, 0, ImageScore.MEAN).gradient(activations);
        int c = ConceptMapsTest.CHANNELS;
        boolean anyGrid = false;
        for (int image = 0; image < 2; image++) {
            for (int token = 0; token < layout.tokens(); token++) {
                for (int channel = 0; channel < c; channel++) {
                    float v = gradient.get(image, token, channel);
                    if (token < layout.firstPatch()) {
                        assertEquals(0f, v, "CLS and register tokens");
                    } else {
                        anyGrid |= v != 0;
                    }
                }
            }
        }
        assertTrue(anyGrid, "grid tokens get a gradient");
    }

    @Test
    void refusesADictionaryWithoutEncoderGradientsNamingIt() {
        HookPoint point = backbone.info().hookPoint("tokens");
        ConceptMapsTest.ReluDictionary heap = new ConceptMapsTest.ReluDictionary(ConceptMapsTest.CHANNELS);
        ConceptObjective objective = ConceptObjective.of(point, heap, 1, ImageScore.MAX);
        MissingCapabilityException gradient = assertThrows(MissingCapabilityException.class,
                () -> objective.gradient(Tensor.zeros(point.layout().shape(1))));
        assertTrue(gradient.getMessage().contains("ENCODER_GRADIENTS") && gradient.getMessage().contains("dictionary 'relu'"),
                gradient.getMessage());
        BackboneInfo differentiable = new BackboneInfo("grad", backbone.info().input(), backbone.info().hookPoints(),
                Set.of(Capability.FORWARD, Capability.INPUT_GRADIENTS));
        Set<Capability> gradients = Set.of(Capability.INPUT_GRADIENTS);
        MissingCapabilityException early = assertThrows(MissingCapabilityException.class,
                () -> ConceptObjective.requireCompatible("saliency", gradients, differentiable, heap));
        assertEquals("attribution 'saliency' of a concept requires [ENCODER_GRADIENTS] but dictionary 'relu' provides "
                + "[]; missing [ENCODER_GRADIENTS]", early.getMessage());
        MissingCapabilityException forwardOnly = assertThrows(MissingCapabilityException.class,
                () -> ConceptObjective.requireCompatible("saliency", gradients, backbone.info(), dictionary));
        assertTrue(forwardOnly.getMessage().contains("backbone 'fake'")
                && forwardOnly.getMessage().contains("missing [INPUT_GRADIENTS]"), forwardOnly.getMessage());
        ConceptObjective.requireCompatible("saliency", gradients, differentiable, dictionary);
        ConceptObjective.requireCompatible("occlusion", Set.of(Capability.FORWARD), backbone.info(), heap);
    }

    private static Tensor random(long[] shape, long seed) {
        Tensor out = Tensor.zeros(shape);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = (float) random.nextGaussian();
        }
        return out;
    }

    private static Tensor shifted(Tensor t, int index, double h) {
        float[] data = t.data().clone();
        data[index] += (float) h;
        return new Tensor(t.shape(), data);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
