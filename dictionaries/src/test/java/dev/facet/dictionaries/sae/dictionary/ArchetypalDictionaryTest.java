package dev.facet.dictionaries.sae.dictionary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.EngineFixture;
import dev.facet.dictionaries.sae.SaeShape;
import dev.facet.dictionaries.sae.SaeTrainingCheck;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.djl.HeapArrays;
import dev.facet.spi.ConfigException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArchetypalDictionaryTest extends EngineFixture {

    private static final int D = 6;


    private static float[] initialAtoms(int c) {
        return HeapInit.unitRows(new SplittableRandom(1), c, D);
    }

    private ArchetypalDictionary dictionary(int c, int m, double delta, boolean multiplier) {
        return new ArchetypalDictionary(parameters, new SaeShape(D, c), m, delta, multiplier, initialAtoms(c),
                new SplittableRandom(2));
    }

    private static float[][] rows(NDArray array) {
        long[] shape = array.getShape().getShape();
        float[] flat = array.toFloatArray();
        float[][] out = new float[(int) shape[0]][];
        for (int r = 0; r < out.length; r++) {
            out[r] = Arrays.copyOfRange(flat, r * (int) shape[1], (r + 1) * (int) shape[1]);
        }
        return out;
    }

    private static double norm(float[] row) {
        double sum = 0;
        for (float v : row) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static void assertRowStochastic(NDArray weights) {
        float[][] w = rows(weights);
        for (int i = 0; i < w.length; i++) {
            double sum = 0;
            for (float v : w[i]) {
                assertTrue(v >= 0, "W row " + i + " has a negative entry: " + Arrays.toString(w[i]));
                sum += v;
            }
            assertEquals(1, sum, 1e-5, "W row " + i + " sum");
        }
    }

    private static void assertRelaxationBounded(NDArray relaxation, double delta) {
        float[][] lambda = rows(relaxation);
        for (int i = 0; i < lambda.length; i++) {
            assertTrue(norm(lambda[i]) <= delta + 1e-5, "‖Λ" + i + "‖ = " + norm(lambda[i]) + " > δ = " + delta);
        }
    }

    @Test
    void everyAtomStartsAtItsOwnPerturbedCandidateWhenThereAreMoreAtomsThanCandidates() {
        int c = 10;
        int m = 3;
        ArchetypalDictionary dictionary = dictionary(c, m, 1.0, false);
        assertRowStochastic(dictionary.weights());
        float[][] w = rows(dictionary.weights());
        for (int i = 0; i < c; i++) {
            int best = 0;
            for (int j = 1; j < m; j++) {
                best = w[i][j] > w[i][best] ? j : best;
            }
            assertEquals(i % m, best, "atom " + i + " starts at candidate i mod m");
            assertTrue(w[i][i % m] >= 0.97f && w[i][i % m] < 1f, "own weight " + w[i][i % m]);
        }
        assertArrayEquals(new float[c * D], dictionary.relaxation().toFloatArray());
        float[][] candidates = rows(dictionary.candidates());
        float[][] initial = rows(manager.create(initialAtoms(c), new ai.djl.ndarray.types.Shape(c, D)));
        for (int j = 0; j < m; j++) {
            assertArrayEquals(initial[j], candidates[j], "candidate " + j + " is initial atom " + j);
        }
        float[][] atoms = rows(dictionary.atoms());
        assertEquals(c, atoms.length);
        for (int i = 0; i < c; i++) {
            assertTrue(norm(atoms[i]) > 0.5, "atom " + i + " has norm " + norm(atoms[i]));
            for (int k = 0; k < i; k++) {
                float difference = 0;
                for (int j = 0; j < D; j++) {
                    difference = Math.max(difference, Math.abs(atoms[i][j] - atoms[k][j]));
                }
                assertTrue(difference > 1e-4, "atoms " + k + " and " + i + " are equal");
            }
        }
    }

    @Test
    void withMoreCandidatesThanAtomsTheAtomsStartNearTheModelsInitialAtoms() {
        int c = 4;
        int m = 7;
        ArchetypalDictionary dictionary = dictionary(c, m, 1.0, false);
        float[][] candidates = rows(dictionary.candidates());
        for (int j = c; j < m; j++) {
            assertEquals(1, norm(candidates[j]), 1e-5, "extra candidate " + j + " is a unit row");
        }
        float[][] atoms = rows(dictionary.atoms());
        float[] initial = initialAtoms(c);
        for (int i = 0; i < c; i++) {
            double dot = 0;
            for (int j = 0; j < D; j++) {
                dot += atoms[i][j] * initial[i * D + j];
            }
            assertTrue(dot / norm(atoms[i]) > 0.95, "atom " + i + " cosine with its initial atom " + dot);
        }
    }

    @Test
    void aSingleCandidateGetsAllTheWeight() {
        ArchetypalDictionary dictionary = dictionary(3, 1, 1.0, false);
        assertArrayEquals(new float[] {1, 1, 1}, dictionary.weights().toFloatArray());
    }

    @Test
    void setCandidatesReplacesTheCandidatePoints() {
        int c = 5;
        int m = 3;
        ArchetypalDictionary dictionary = dictionary(c, m, 1.0, false);
        NDArray before = dictionary.candidates();
        float[] points = SaeTrainingCheck.data(4, m, D);
        dictionary.setCandidates(points);
        assertSame(before, dictionary.candidates());
        assertSame(before, parameters.get(ArchetypalDictionary.CANDIDATES));
        assertArrayEquals(points, dictionary.candidates().toFloatArray());
        float[][] w = rows(dictionary.weights());
        float[][] atoms = rows(dictionary.atoms());
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < D; j++) {
                double expected = 0;
                for (int k = 0; k < m; k++) {
                    expected += w[i][k] * points[k * D + j];
                }
                assertEquals(expected, atoms[i][j], 1e-5, "atom " + i + " = W·C");
            }
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dictionary.setCandidates(new float[5]));
        assertTrue(e.getMessage().contains("expected m × d = 3 × 6 = 18 values, found 5"), e.getMessage());
        float[] bad = points.clone();
        bad[7] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> dictionary.setCandidates(bad));
        assertTrue(e.getMessage().contains("row 1, column 1") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void afterStepProjectsWeightsOntoTheSimplexAndRelaxationIntoTheBall() {
        int c = 4;
        int m = 3;
        double delta = 0.5;
        ArchetypalDictionary dictionary = dictionary(c, m, delta, false);
        NDArray weights = dictionary.weights();
        NDArray relaxation = dictionary.relaxation();
        HeapArrays.overwrite(weights, new float[] {
            0.2f, -0.5f, 0.6f,
            0f, 0f, 0f,
            -1f, -2f, -0.1f,
            3f, 1f, 0f});
        float[] lambda = new float[c * D];
        lambda[0] = 3f;
        lambda[1] = 4f;
        lambda[D] = 0.1f;
        lambda[2 * D + 5] = -0.5f;
        HeapArrays.overwrite(relaxation, lambda);

        dictionary.afterStep();

        assertSame(weights, parameters.get(ArchetypalDictionary.WEIGHTS));
        assertSame(relaxation, parameters.get(ArchetypalDictionary.RELAXATION));
        assertTrue(weights.hasGradient() && relaxation.hasGradient(), "still trainable");
        assertRowStochastic(weights);
        assertRelaxationBounded(relaxation, delta);
        float[][] w = rows(weights);
        float third = 1f / 3;
        assertArrayEquals(new float[] {0.25f, 0, 0.75f}, w[0], 1e-6f, "relu then divide by the sum");
        assertArrayEquals(new float[] {third, third, third}, w[1], 1e-6f, "a zero row becomes uniform");
        assertArrayEquals(new float[] {third, third, third}, w[2], 1e-6f, "a negative row becomes uniform");
        assertArrayEquals(new float[] {0.75f, 0.25f, 0}, w[3], 1e-6f);
        float[][] l = rows(relaxation);
        assertArrayEquals(new float[] {0.3f, 0.4f, 0, 0, 0, 0}, l[0], 1e-6f, "a long row is scaled back to δ");
        assertArrayEquals(new float[] {0.1f, 0, 0, 0, 0, 0}, l[1], 1e-7f, "a short row is kept");
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, -0.5f}, l[2], 1e-7f, "a row of norm δ is kept");
        assertArrayEquals(new float[D], l[3]);
    }

    @Test
    void zeroDeltaRemovesTheRelaxation() {
        ArchetypalDictionary dictionary = dictionary(3, 2, 0, false);
        HeapArrays.overwrite(dictionary.relaxation(), SaeTrainingCheck.data(3, 3, D));
        dictionary.afterStep();
        assertArrayEquals(new float[3 * D], dictionary.relaxation().toFloatArray(), 0f);
    }

    @Test
    void multiplierScalesTheAtoms() {
        ArchetypalDictionary dictionary = dictionary(4, 2, 1.0, true);
        float[] plain = dictionary.atoms().toFloatArray();
        NDArray logMultiplier = parameters.get(ArchetypalDictionary.LOG_MULTIPLIER);
        assertArrayEquals(new float[] {0}, logMultiplier.toFloatArray());
        HeapArrays.overwrite(logMultiplier, new float[] {(float) Math.log(2)});
        float[] doubled = dictionary.atoms().toFloatArray();
        for (int i = 0; i < plain.length; i++) {
            assertEquals(2 * plain[i], doubled[i], 1e-5);
        }
    }

    @Test
    void gradientsReachWeightsRelaxationAndMultiplierButNotCandidates() {
        ArchetypalDictionary dictionary = dictionary(4, 3, 1.0, true);
        try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
            gc.backward(dictionary.atoms().square().sum());
        }
        for (String name : new String[] {ArchetypalDictionary.WEIGHTS, ArchetypalDictionary.RELAXATION,
                ArchetypalDictionary.LOG_MULTIPLIER}) {
            assertTrue(parameters.get(name).getGradient().abs().sum().getFloat() > 0, name);
            assertTrue(parameters.trainable().containsKey(name), name);
        }
        assertFalse(dictionary.candidates().hasGradient());
        assertTrue(parameters.buffers().containsKey(ArchetypalDictionary.CANDIDATES));
        assertNull(dictionary.plainWeightName());
        assertEquals("archetypal", dictionary.id());
    }

    @Test
    void rejectsInvalidSettings() {
        ConfigException e = assertThrows(ConfigException.class, () -> dictionary(3, 0, 1.0, false));
        assertTrue(e.getMessage().contains("candidates: 0"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> dictionary(3, 2, -1, false));
        assertTrue(e.getMessage().contains("delta: -1"), e.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new ArchetypalDictionary(
                parameters, new SaeShape(D, 3), 2, 1, false, new float[4], new SplittableRandom(1)));
        assertTrue(wrong.getMessage().contains("have 4 values; expected c × d = 3 × 6 = 18"), wrong.getMessage());
    }

    @Test
    void assemblyReadsCandidatesDeltaAndMultiplier() {
        assertEquals(10, ArchetypalDictionary.defaultCandidates(10));
        assertEquals(4096, ArchetypalDictionary.defaultCandidates(100_000));
        Map<String, Object> keys = new HashMap<>(Map.of("concepts", 10, "k", 2, "dictionary", "archetypal"));
        try (SparseAutoencoder model = SaeTrainingCheck.model(manager, keys, D, 3)) {
            ArchetypalDictionary dictionary = (ArchetypalDictionary) model.dictionary();
            assertEquals(10, dictionary.candidateCount(), "default min(c, 4096)");
            assertEquals(1.0, dictionary.delta());
            assertFalse(model.parameters().trainable().containsKey(ArchetypalDictionary.LOG_MULTIPLIER));
        }
        keys.putAll(Map.of("candidates", 4, "delta", 0.25, "multiplier", true));
        try (SparseAutoencoder model = SaeTrainingCheck.model(manager, keys, D, 3)) {
            ArchetypalDictionary dictionary = (ArchetypalDictionary) model.dictionary();
            assertEquals(4, dictionary.candidateCount());
            assertEquals(10, dictionary.concepts());
            assertEquals(0.25, dictionary.delta());
            assertTrue(model.parameters().trainable().containsKey(ArchetypalDictionary.LOG_MULTIPLIER));
            assertEquals(new ai.djl.ndarray.types.Shape(4, D),
                    model.parameters().get(ArchetypalDictionary.CANDIDATES).getShape());
        }
    }

    @Test
    void assembledModelsTrainAndKeepTheConstraints() {
        int rows = 32;
        int c = 12;
        float[] data = SaeTrainingCheck.data(11, rows, D);
        for (Map<String, Object> extra : java.util.List.<Map<String, Object>>of(Map.of(),
                Map.of("candidates", 5, "multiplier", true, "delta", 0.2),
                Map.of("candidates", 8, "encoder", "mlp", "encoder_norm", "batch"))) {
            Map<String, Object> keys = new HashMap<>(Map.of("concepts", c, "k", 3, "dictionary", "archetypal"));
            keys.putAll(extra);
            try (SparseAutoencoder model = SaeTrainingCheck.model(manager, keys, D, 5)) {
                ArchetypalDictionary dictionary = (ArchetypalDictionary) model.dictionary();
                int m = dictionary.candidateCount();
                dictionary.setCandidates(Arrays.copyOf(data, m * D));
                double delta = dictionary.delta();
                float[] losses = SaeTrainingCheck.sgd(manager, model, data, rows, 20, 0.05f, trained -> {
                    assertRowStochastic(dictionary.weights());
                    assertRelaxationBounded(dictionary.relaxation(), delta);
                });
                SaeTrainingCheck.assertDecreases("archetypal " + keys, losses);
                assertTrue(dictionary.relaxation().abs().sum().getFloat() > 0, "the relaxation trained");
            }
        }
    }
}
