package dev.facet.dictionaries.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.dictionaries.factor.GradientCheck;
import dev.facet.dictionaries.sae.train.TrainerConfig;
import dev.facet.djl.PyTorchEngines;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The straight-through gradient of a TopK SAE: the gradient of sum(pre(x) ⊙ w) against finite differences of
 * the pre-activations, equal to the exact code gradient where every weighted entry is active, and non-zero
 * for a concept that is off everywhere (whose exact gradient is 0).
 */
class SaePreactivationGradientTest {

    private static final int D = 8;
    private static final int CONCEPTS = 12;
    private static final double STEP = 1e-2;

    private static SaeDictionary topk(String encoder) {
        NDManager manager = PyTorchEngines.pytorch().newBaseManager();
        SparseAutoencoder model = SparseAutoencoder.create(manager, SaeConfig.from(ConfigValues.of("test",
                Map.of("concepts", CONCEPTS, "encoder", encoder, "sparsifier", "topk", "k", 2)), null, false), D, 3L,
                List.of());
        model.setInputScale(1.7f);
        return new SaeDictionary("topk", manager, model, TrainerConfig.defaults(), null);
    }

    private static double weightedPre(SaeDictionary dictionary, FloatMatrix x, FloatMatrix upstream) {
        try (NDManager manager = PyTorchEngines.pytorch().newBaseManager()) {
            NDArray input = manager.create(x.data(), new Shape(x.rows(), x.cols()));
            float[] pre = dictionary.model().forward(input, false).pre().toFloatArray();
            double sum = 0;
            for (int i = 0; i < pre.length; i++) {
                sum += pre[i] * upstream.data()[i];
            }
            return sum;
        }
    }

    @ParameterizedTest(name = "{0} encoder")
    @ValueSource(strings = {"linear", "mlp"})
    void matchesFiniteDifferencesOfThePreactivations(String encoder) {
        FloatMatrix x = GradientCheck.gaussian(4, D, 1, 0.3, 5);
        FloatMatrix upstream = GradientCheck.gaussian(4, CONCEPTS, 1, 0, 6);
        try (SaeDictionary dictionary = topk(encoder)) {
            float[] gradient = dictionary.preactivationGradient(x, upstream).data();
            double largest = 0;
            for (float g : gradient) {
                largest = Math.max(largest, Math.abs(g));
            }
            for (int i = 0; i < x.data().length; i++) {
                float[] plus = x.data().clone();
                float[] minus = x.data().clone();
                plus[i] += (float) STEP;
                minus[i] -= (float) STEP;
                double numeric = (weightedPre(dictionary, new FloatMatrix(4, D, plus), upstream)
                        - weightedPre(dictionary, new FloatMatrix(4, D, minus), upstream)) / (2 * STEP);
                assertEquals(numeric, gradient[i], 5e-3 * largest, encoder + " entry " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} encoder")
    @ValueSource(strings = {"linear", "mlp"})
    void equalsTheCodeGradientOnActiveEntriesAndMovesAConceptThatIsOff(String encoder) {
        FloatMatrix x = GradientCheck.gaussian(6, D, 1, 0.3, 7);
        try (SaeDictionary dictionary = topk(encoder)) {
            Codes codes = dictionary.encode(x);
            FloatMatrix active = FloatMatrix.zeros(6, CONCEPTS);
            int off = -1;
            for (int c = 0; c < CONCEPTS; c++) {
                boolean anyOn = false;
                for (int r = 0; r < 6; r++) {
                    if (codes.get(r, c) > 0) {
                        active.set(r, c, 1f);
                        anyOn = true;
                    }
                }
                off = anyOn ? off : c;
            }
            float[] exact = dictionary.encodeGradient(x, active).data();
            float[] straight = dictionary.preactivationGradient(x, active).data();
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], straight[i], 1e-5, "entry " + i);
            }
            assertTrue(off >= 0, "with k = 2 of 12 some concept is off on every row");
            FloatMatrix onlyOff = FloatMatrix.zeros(6, CONCEPTS);
            for (int r = 0; r < 6; r++) {
                onlyOff.set(r, off, 1f);
            }
            double exactNorm = 0;
            double straightNorm = 0;
            float[] exactOff = dictionary.encodeGradient(x, onlyOff).data();
            float[] straightOff = dictionary.preactivationGradient(x, onlyOff).data();
            for (int i = 0; i < exactOff.length; i++) {
                exactNorm += Math.abs(exactOff[i]);
                straightNorm += Math.abs(straightOff[i]);
            }
            assertEquals(0, exactNorm, 0, "the exact gradient of a concept that is off");
            assertTrue(straightNorm > 1e-3, "the straight-through gradient moves it: " + straightNorm);
        }
    }
}
