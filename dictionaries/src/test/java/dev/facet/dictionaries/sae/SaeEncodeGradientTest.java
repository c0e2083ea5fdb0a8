package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.facet.dictionaries.factor.GradientCheck;
import dev.facet.dictionaries.sae.sparsifier.BatchTopKSparsifier;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SAE's encoder VJP against finite differences of sum(encode(x) ⊙ w) for every encoder × sparsifier,
 * on untrained models with an input scale s ≠ 1 (so the scale must be in the product).
 */
class SaeEncodeGradientTest {

    private static final int D = 8;
    private static final int CONCEPTS = 12;
    private static final int TOKENS = 4;
    /**
     * Step and tolerance of the finite difference: float32 codes of size ~1 carry rounding errors of
     * ~1e-7, i.e. ~1e-5 after dividing by 2h = 0.02; the smooth encoders (MLP norms, attention's
     * softmax) add a truncation error O(h²) ~ 1e-4; 5e-3 of the largest entry leaves a margin over both
     * and still fails for a wrong product (a missing input scale of 1.7 is a 70% error).
     */
    private static final double STEP = 1e-2;
    private static final double TOLERANCE = 5e-3;

    static Stream<Arguments> architectures() {
        return Stream.of("linear", "tied", "mlp", "attention").flatMap(encoder ->
                Stream.of("relu", "topk", "batchtopk", "jumprelu", "mp", "omp").map(s -> Arguments.of(encoder, s)));
    }

    private static SaeDictionary model(String encoder, String sparsifier) {
        Map<String, Object> values = new HashMap<>(Map.of("concepts", CONCEPTS, "encoder", encoder,
                "sparsifier", sparsifier));
        if (!sparsifier.equals("relu") && !sparsifier.equals("jumprelu")) {
            values.put("k", 3);
        }
        if (sparsifier.equals("jumprelu")) {
            values.put("initial_threshold", 0.2);
        }
        if (encoder.equals("attention")) {
            values.put("tokens", TOKENS);
            values.put("heads", 2);
        }
        NDManager manager = PyTorchEngines.pytorch().newBaseManager();
        SparseAutoencoder model = SparseAutoencoder.create(manager, SaeConfig.from(ConfigValues.of("test", values),
                null, false), D, 11L, List.of());
        model.setInputScale(1.7f);
        if (model.sparsifier() instanceof BatchTopKSparsifier batchTopK) {
            batchTopK.recordThreshold(0.15f);
        }
        return new SaeDictionary(sparsifier, manager, model, TrainerConfig.defaults(), null);
    }

    @ParameterizedTest(name = "{0} encoder, {1}")
    @MethodSource("architectures")
    void productMatchesFiniteDifferences(String encoder, String sparsifier) {
        int rows = 2 * TOKENS;
        FloatMatrix x = GradientCheck.gaussian(rows, D, 1, 0.3, 5);
        FloatMatrix upstream = GradientCheck.gaussian(rows, CONCEPTS, 1, 0, 6);
        try (SaeDictionary dictionary = model(encoder, sparsifier)) {
            assertTrue(dictionary.encode(x).nnz() > 0, "some codes are active");
            GradientCheck.check(dictionary, x, upstream, encoder.equals("attention") ? TOKENS : 1, STEP, TOLERANCE,
                    encoder + " × " + sparsifier);
        }
    }

    @Test
    void leavesTheParametersWithoutGradientsAndTheCodesUnchanged() {
        FloatMatrix x = GradientCheck.gaussian(6, D, 1, 0, 1);
        try (SaeDictionary dictionary = model("mlp", "topk")) {
            var before = dictionary.encode(x);
            dictionary.encodeGradient(x, GradientCheck.gaussian(6, CONCEPTS, 1, 0, 2));
            assertEquals(before, dictionary.encode(x));
            for (Map.Entry<String, NDArray> parameter : dictionary.model().parameters().trainable().entrySet()) {
                if (parameter.getValue().hasGradient()) {
                    float[] gradient = parameter.getValue().getGradient().toFloatArray();
                    for (float g : gradient) {
                        assertEquals(0f, g, parameter.getKey() + " gradient after encodeGradient");
                    }
                }
            }
        }
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        try (SaeDictionary dictionary = model("attention", "topk")) {
            FloatMatrix x = GradientCheck.gaussian(TOKENS, D, 1, 0, 1);
            FloatMatrix upstream = GradientCheck.gaussian(TOKENS, CONCEPTS, 1, 0, 1);
            InvalidDataException width = assertThrows(InvalidDataException.class,
                    () -> dictionary.encodeGradient(GradientCheck.gaussian(TOKENS, D + 1, 1, 0, 1), upstream));
            assertTrue(width.getMessage().startsWith("x, the input to topk encodeGradient,"), width.getMessage());
            InvalidDataException shape = assertThrows(InvalidDataException.class,
                    () -> dictionary.encodeGradient(x, GradientCheck.gaussian(TOKENS, CONCEPTS - 1, 1, 0, 1)));
            assertTrue(shape.getMessage().contains("upstream") && shape.getMessage().contains("expected 4x12"),
                    shape.getMessage());
            float[] nan = upstream.data().clone();
            nan[3] = Float.NaN;
            InvalidDataException finite = assertThrows(InvalidDataException.class,
                    () -> dictionary.encodeGradient(x, new FloatMatrix(TOKENS, CONCEPTS, nan)));
            assertTrue(finite.getMessage().contains("upstream") && finite.getMessage().contains("NaN"),
                    finite.getMessage());
            InvalidDataException images = assertThrows(InvalidDataException.class, () -> dictionary.encodeGradient(
                    GradientCheck.gaussian(TOKENS + 1, D, 1, 0, 1), GradientCheck.gaussian(TOKENS + 1, CONCEPTS, 1, 0, 1)));
            assertTrue(images.getMessage().contains("whole images"), images.getMessage());
        }
    }
}
