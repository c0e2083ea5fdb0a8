package dev.facet.dictionaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.factor.GradientCheck;
import dev.facet.spi.Capability;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in learner: it declares {@link Capability#ENCODER_GRADIENTS} exactly when its dictionaries
 * are {@link DifferentiableDictionary}, and a differentiable dictionary fitted on small non-negative
 * data matches finite differences of sum(encode(x) ⊙ w) (docs/algorithms.md#dictionary-gradients).
 */
class EncoderGradientsTest {

    private static final int D = 8;
    private static final int CONCEPTS = 6;
    /** Learners whose codes are not differentiable in x: k-means' one-hot nearest centroid. */
    private static final Set<String> NOT_DIFFERENTIABLE = Set.of("kmeans");
    /**
     * The iterative coders stop at a tolerance (NNLS KKT 1e-6, the lasso's 1e-5 relative change, the
     * archetypal FISTA's 1e-6), so codes carry errors up to ~1e-5 relative, ~1e-3 after dividing by
     * 2h = 0.02; 5e-3 of the largest gradient entry leaves a margin and still fails a wrong product.
     */
    private static final double STEP = 1e-2;
    private static final double TOLERANCE = 5e-3;

    @TempDir
    Path temp;

    static Stream<String> learners() {
        return new DictionariesPlugin().learners().stream().map(DictionaryLearnerFactory::id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void declaresAndComputesEncoderGradients(String id) {
        DictionaryLearnerFactory factory = new DictionariesPlugin().learners().stream()
                .filter(f -> f.id().equals(id)).findFirst().orElseThrow();
        FloatMatrix data = positive(GradientCheck.gaussian(400, D, 1, 0, 3));
        Map<String, Object> hyper = new HashMap<>(Map.of("concepts", CONCEPTS));
        hyper.putAll(extra(id));
        try (Dictionary dictionary = factory.create(ConfigValues.of("test", hyper)).fit(ActivationSource.of(data),
                RunContext.builder().setOutputDirectory(temp.resolve(id)).optSeed(4).build())) {
            boolean declared = factory.capabilities().contains(Capability.ENCODER_GRADIENTS);
            assertEquals(!NOT_DIFFERENTIABLE.contains(id), declared, id + " declares ENCODER_GRADIENTS");
            assertEquals(declared, dictionary instanceof DifferentiableDictionary,
                    id + ": the capability matches the dictionary type");
            if (dictionary instanceof DifferentiableDictionary differentiable) {
                FloatMatrix x = positive(GradientCheck.gaussian(6, D, 1, 0, 8));
                FloatMatrix upstream = GradientCheck.gaussian(6, CONCEPTS, 1, 0, 9);
                GradientCheck.check(differentiable, x, upstream, 1, STEP, TOLERANCE, id);
            }
        }
    }

    private static Map<String, Object> extra(String id) {
        return switch (id) {
            case "topk", "batchtopk", "mp", "omp", "matryoshka" -> Map.of("k", 2, "epochs", 2, "batch_size", 64,
                    "checkpoint_every", 0);
            case "relu", "jumprelu" -> Map.of("epochs", 2, "batch_size", 64, "checkpoint_every", 0);
            case "dictionary-learning" -> Map.of("alpha", 0.05);
            default -> Map.of();
        };
    }

    /** |x| + 0.1: data every learner accepts, NMF included. */
    private static FloatMatrix positive(FloatMatrix m) {
        float[] data = m.data().clone();
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.abs(data[i]) + 0.1f;
        }
        return new FloatMatrix(m.rows(), m.cols(), data);
    }
}
