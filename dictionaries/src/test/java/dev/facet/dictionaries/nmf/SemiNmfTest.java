package dev.facet.dictionaries.nmf;

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

class SemiNmfTest {

    private static final SemiNmfFactory FACTORY = new SemiNmfFactory();
    private static PlantedDictionary planted;
    private static FloatMatrix train;
    private static FloatMatrix heldOut;
    private static SemiNmfDictionary fitted;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fit(@TempDir Path dir) {
        planted = PlantedDictionary.generate(800, 24, 6, 2, 0.01, 23);
        train = planted.data().rows(0, 600);
        heldOut = planted.data().rows(600, 800);
        fitted = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 6)))
                .fit(ActivationSource.of(train), context(dir, 3));
    }

    @Test
    void recoversThePlantedDictionaryFromDataOfBothSigns() {
        boolean negative = false;
        for (float v : train.data()) {
            negative |= v < 0;
        }
        assertTrue(negative, "the planted data should hold negative values");
        DictionaryMatching matching = DictionaryMatching.match(planted.atoms(), fitted.atoms());
        assertTrue(matching.meanCosine() >= 0.9, "mean matched cosine " + matching.meanCosine());
        double error = ((Number) fitted.provenance().metrics().get("relative_error")).doubleValue();
        assertTrue(error < 0.05, "relative error " + error);
    }

    @Test
    void codesAreNonNegativeAndEncodeUnseenRows() {
        FloatMatrix codes = fitted.encodeToMatrix(heldOut);
        assertNonNegative(codes);
        double error = ConvexFamilyTestData.relativeError(heldOut, fitted.decode(codes));
        assertTrue(error < 0.05, "held-out relative error " + error);
    }

    @Test
    void errorDoesNotIncreaseWithIterations() {
        double previous = Double.POSITIVE_INFINITY;
        for (int iterations : new int[] {1, 3, 10, 30, 100}) {
            SemiNmfDictionary d = FACTORY.create(ConfigValues.of("test",
                    Map.of("concepts", 6, "max_iter", iterations, "tol", 0.0, "init", "random")))
                    .fit(ActivationSource.of(train), context(tmp, 3));
            double error = ((Number) d.provenance().metrics().get("relative_error")).doubleValue();
            assertTrue(error <= previous + 1e-6, "error " + error + " after " + iterations + " > " + previous);
            previous = error;
        }
    }

    @Test
    void encodingTheTrainingRowsReproducesTheFit() {
        FloatMatrix codes = fitted.encodeToMatrix(train);
        double error = ConvexFamilyTestData.relativeError(train, fitted.decode(codes));
        double fitError = ((Number) fitted.provenance().metrics().get("relative_error")).doubleValue();
        assertTrue(error <= fitError + 1e-3, "encode error " + error + " vs fit error " + fitError);
    }

    @Test
    void saveLoadRoundTrip() {
        Path dir = tmp.resolve("semi");
        fitted.save(dir);
        SemiNmfDictionary loaded = FACTORY.load(dir);
        assertEquals(fitted.info(), loaded.info());
        assertArrayEquals(fitted.atoms().data(), loaded.atoms().data());
        FloatMatrix probe = heldOut.rows(0, 20);
        assertArrayEquals(fitted.encodeToMatrix(probe).data(), loaded.encodeToMatrix(probe).data(), 1e-6f);
        assertEquals(fitted.provenance().metrics(), loaded.provenance().metrics());
        assertThrows(CorruptArtifactException.class, () -> new ArchetypalAnalysisFactory().load(dir));
    }

    @Test
    void rejectsBadInput() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 4, "alpha", 0.1))));
        assertTrue(unknown.getMessage().contains("alpha"), unknown.getMessage());
        ConfigException init = assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 4, "init", "nndsvd"))));
        assertTrue(init.getMessage().contains("init"), init.getMessage());
        assertThrows(ConfigException.class, () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", -1))));
        SemiNmfLearner learner = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 3)));
        FloatMatrix inf = new FloatMatrix(4, 2, new float[] {1, 2, 3, Float.POSITIVE_INFINITY, 5, 6, 7, 8});
        assertThrows(InvalidDataException.class, () -> learner.fit(ActivationSource.of(inf), context(tmp, 1)));
        assertThrows(InvalidDataException.class,
                () -> learner.fit(ActivationSource.of(new FloatMatrix(2, 2, new float[4])), context(tmp, 1)));
        InvalidDataException width = assertThrows(InvalidDataException.class,
                () -> fitted.encode(new FloatMatrix(1, 5, new float[5])));
        assertTrue(width.getMessage().contains("width 5"), width.getMessage());
        InvalidDataException nan = assertThrows(InvalidDataException.class,
                () -> fitted.encode(new FloatMatrix(1, 24, nanRow(24))));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    private static float[] nanRow(int d) {
        float[] row = new float[d];
        row[3] = Float.NaN;
        return row;
    }
}
