package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import static dev.facet.dictionaries.nmf.ConvexFamilyTestData.assertNonNegative;
import static dev.facet.dictionaries.nmf.ConvexFamilyTestData.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.metrics.DictionaryMatching;
import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvexNmfTest {

    private static final ConvexNmfFactory FACTORY = new ConvexNmfFactory();
    private static PlantedDictionary planted;
    private static FloatMatrix train;
    private static FloatMatrix heldOut;
    private static ConvexNmfDictionary fitted;
    private static ConvexNmfDictionary strict;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fit(@TempDir Path dir) {
        planted = PlantedDictionary.generate(550, 24, 6, 2, 0.01, 29);
        train = planted.data().rows(0, 400);
        heldOut = planted.data().rows(400, 550);
        fitted = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 6)))
                .fit(ActivationSource.of(train), context(dir, 5));
        strict = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 6, "strict", true)))
                .fit(ActivationSource.of(train), context(dir, 5));
    }

    private static double error(ConvexNmfDictionary d) {
        return ((Number) d.provenance().metrics().get("relative_error")).doubleValue();
    }

    @Test
    void factorsAreNonNegativeAndFitThePlantedData() {
        assertNonNegative(fitted.convexWeights());
        assertEquals(400, fitted.convexWeights().cols());
        assertNonNegative(fitted.encodeToMatrix(train));
        DictionaryMatching matching = DictionaryMatching.match(planted.atoms(), fitted.atoms());
        assertTrue(error(fitted) < 0.25, "relative error " + error(fitted));
        assertTrue(matching.meanCosine() > 0.8, "mean matched cosine " + matching.meanCosine());
        // atoms = W·X_train
        FloatMatrix product = Matrices.multiply(fitted.convexWeights(), train);
        assertArrayEquals(product.data(), fitted.atoms().data(), 1e-3f);
    }

    @Test
    void encodesUnseenRowsInductively() {
        FloatMatrix codes = fitted.encodeToMatrix(heldOut);
        assertNonNegative(codes);
        assertEquals(150, codes.rows());
        double heldOutError = ConvexFamilyTestData.relativeError(heldOut, fitted.decode(codes));
        double trainError = ConvexFamilyTestData.relativeError(train, fitted.decode(fitted.encodeToMatrix(train)));
        assertTrue(trainError <= error(fitted) + 1e-3, "NNLS codes of the training rows " + trainError
                + " worse than the fit's " + error(fitted));
        assertTrue(heldOutError < 1.25 * trainError + 0.02, "held-out relative error " + heldOutError
                + " vs training " + trainError);
    }

    @Test
    void strictModeRowsOfWSumToOne() {
        ConvexFamilyTestData.assertRowsOnSimplex(strict.convexWeights(), 1e-4);
        assertTrue(error(strict) < 0.25, "strict relative error " + error(strict));
        // Unconstrained W need not be normalised.
        double sum = 0;
        for (int j = 0; j < fitted.convexWeights().cols(); j++) {
            sum += fitted.convexWeights().get(0, j);
        }
        assertTrue(Math.abs(sum - 1) > 1e-3, "non-strict row sum " + sum);
    }

    @Test
    void errorDoesNotIncreaseWithIterations() {
        double previous = Double.POSITIVE_INFINITY;
        for (int iterations : new int[] {1, 3, 10, 30, 100}) {
            ConvexNmfDictionary d = FACTORY.create(ConfigValues.of("test",
                    Map.of("concepts", 6, "max_iter", iterations, "tol", 0.0)))
                    .fit(ActivationSource.of(train), context(tmp, 5));
            assertTrue(error(d) <= previous + 1e-5, "error " + error(d) + " after " + iterations + " > " + previous);
            previous = error(d);
        }
    }

    @Test
    void engineAndHeapKernelsAgree() {
        FloatMatrix x = train.rows(0, 120);
        float[] m = new float[120 * 3];
        for (int i = 0; i < m.length; i++) {
            m[i] = (i % 11) / 10f;
        }
        float[] plusHeap = new float[m.length];
        float[] minusHeap = new float[m.length];
        float[] plusEngine = new float[m.length];
        float[] minusEngine = new float[m.length];
        try (ConvexNmfKernel heap = ConvexNmfKernel.of(x, Integer.MAX_VALUE);
             ConvexNmfKernel engine = ConvexNmfKernel.of(x, 0)) {
            assertTrue(heap instanceof ConvexNmfKernel.Heap);
            assertTrue(engine instanceof ConvexNmfKernel.Engine);
            heap.products(m, 3, plusHeap, minusHeap);
            engine.products(m, 3, plusEngine, minusEngine);
        }
        assertArrayEquals(plusHeap, plusEngine, 1e-3f);
        assertArrayEquals(minusHeap, minusEngine, 1e-3f);
        ConvexNmfDictionary onEngine = new ConvexNmfLearner(ConvexNmfLearner.SETTINGS.read("test",
                Map.of("concepts", 6, "max_iter", 20)), 0)
                .fit(ActivationSource.of(train), context(tmp, 5));
        ConvexNmfDictionary onHeap = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 6, "max_iter", 20)))
                .fit(ActivationSource.of(train), context(tmp, 5));
        assertEquals(error(onHeap), error(onEngine), 1e-3);
        assertArrayEquals(onHeap.atoms().data(), onEngine.atoms().data(), 1e-2f);
    }

    @Test
    void refusesMoreRowsThanTheLimit() {
        ConvexNmfLearner learner = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 6, "max_rows", 300)));
        InvalidDataException tooMany = assertThrows(InvalidDataException.class,
                () -> learner.fit(ActivationSource.of(train), context(tmp, 5)));
        assertTrue(tooMany.getMessage().contains("max_rows = 300"), tooMany.getMessage());
        assertTrue(tooMany.getMessage().contains("subsample"), tooMany.getMessage());
        assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 6, "max_rows", 100_000))));
    }

    @Test
    void saveLoadRoundTrip() {
        Path dir = tmp.resolve("convex");
        strict.save(dir);
        ConvexNmfDictionary loaded = FACTORY.load(dir);
        assertEquals(strict.info(), loaded.info());
        assertArrayEquals(strict.atoms().data(), loaded.atoms().data());
        assertArrayEquals(strict.convexWeights().data(), loaded.convexWeights().data());
        FloatMatrix probe = heldOut.rows(0, 20);
        assertArrayEquals(strict.encodeToMatrix(probe).data(), loaded.encodeToMatrix(probe).data(), 1e-6f);
        assertEquals(strict.provenance().metrics(), loaded.provenance().metrics());
        assertEquals(true, loaded.provenance().metrics().get("converged") != null);
        assertThrows(CorruptArtifactException.class, () -> new SemiNmfFactory().load(dir));
    }

    @Test
    void rejectsBadInput() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 4, "kernel", "rbf"))));
        assertTrue(unknown.getMessage().contains("kernel"), unknown.getMessage());
        assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 4, "strict", "yes"))));
        ConvexNmfLearner learner = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 3)));
        FloatMatrix nan = new FloatMatrix(4, 2, new float[] {1, 2, 3, Float.NaN, 5, 6, 7, 8});
        assertThrows(InvalidDataException.class, () -> learner.fit(ActivationSource.of(nan), context(tmp, 1)));
        assertThrows(InvalidDataException.class,
                () -> learner.fit(ActivationSource.of(new FloatMatrix(2, 2, new float[4])), context(tmp, 1)));
        InvalidDataException width = assertThrows(InvalidDataException.class,
                () -> fitted.encode(new FloatMatrix(1, 7, new float[7])));
        assertTrue(width.getMessage().contains("width 7"), width.getMessage());
    }
}
