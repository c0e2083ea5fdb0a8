package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.linalg.Matrices;
import static dev.facet.dictionaries.nmf.ConvexFamilyTestData.assertRowsOnSimplex;
import static dev.facet.dictionaries.nmf.ConvexFamilyTestData.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.metrics.DictionaryMatching;
import dev.facet.dictionaries.nmf.ConvexFamilyTestData.PlantedSimplex;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchetypalAnalysisTest {

    private static final ArchetypalAnalysisFactory FACTORY = new ArchetypalAnalysisFactory();
    private static PlantedSimplex planted;
    private static ArchetypalAnalysisDictionary fitted;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fit(@TempDir Path dir) {
        planted = PlantedSimplex.generate(400, 10, 4, 3.0, 0.01, 17);
        fitted = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 4, "max_iter", 300)))
                .fit(ActivationSource.of(planted.data()), context(dir, 1));
    }

    @Test
    void recoversThePlantedVertices() {
        FloatMatrix atoms = fitted.atoms();
        DictionaryMatching matching = DictionaryMatching.match(planted.vertices(), atoms);
        assertTrue(matching.meanCosine() > 0.99, "mean matched cosine " + matching.meanCosine());
        for (int k = 0; k < 4; k++) {
            double relative = ConvexFamilyTestData.distance(planted.vertices(), k, atoms, matching.assignment()[k])
                    / ConvexFamilyTestData.norm(planted.vertices(), k);
            assertTrue(relative < 0.1, "vertex " + k + " recovered at relative distance " + relative);
        }
        double error = ((Number) fitted.provenance().metrics().get("relative_error")).doubleValue();
        assertTrue(error < 0.03, "relative error " + error);
    }

    @Test
    void weightsAndCodesAreOnTheSimplex() {
        assertRowsOnSimplex(fitted.archetypeWeights(), 1e-4);
        assertEquals(400, fitted.archetypeWeights().cols());
        FloatMatrix codes = fitted.encodeToMatrix(planted.data());
        assertRowsOnSimplex(codes, 1e-4);
        // atoms = W·X
        FloatMatrix product = Matrices.multiply(fitted.archetypeWeights(),
                planted.data());
        assertArrayEquals(product.data(), fitted.atoms().data(), 1e-4f);
    }

    @Test
    void encodesUnseenRowsOnTheSimplex() {
        PlantedSimplex unseen = planted.more(200, 0.0, 99);
        FloatMatrix codes = fitted.encodeToMatrix(unseen.data());
        assertRowsOnSimplex(codes, 1e-4);
        double error = ConvexFamilyTestData.relativeError(unseen.data(), fitted.decode(codes));
        assertTrue(error < 0.05, "held-out relative error " + error);
        // Codes agree with the planted mixing weights, up to the matching of atoms to vertices.
        int[] assignment = DictionaryMatching.match(planted.vertices(), fitted.atoms()).assignment();
        double diff = 0;
        for (int r = 0; r < codes.rows(); r++) {
            for (int k = 0; k < 4; k++) {
                diff += Math.abs(codes.get(r, assignment[k]) - unseen.weights().get(r, k));
            }
        }
        double mean = diff / (codes.rows() * 4);
        assertTrue(mean < 0.05, "mean |code − planted weight| " + mean);
        // The encoder's sparse codes route through Codes as well.
        assertEquals(200, fitted.encode(unseen.data()).rows());
    }

    @Test
    void errorDoesNotIncreaseWithIterations() {
        double previous = Double.POSITIVE_INFINITY;
        for (int iterations : new int[] {1, 3, 10, 40}) {
            ArchetypalAnalysisDictionary d = FACTORY.create(ConfigValues.of("test",
                    Map.of("concepts", 4, "max_iter", iterations, "tol", 0.0)))
                    .fit(ActivationSource.of(planted.data()), context(tmp, 1));
            double error = ((Number) d.provenance().metrics().get("relative_error")).doubleValue();
            assertEquals(iterations, ((Number) d.provenance().metrics().get("iterations")).intValue());
            assertTrue(error <= previous + 1e-6, "error " + error + " after " + iterations + " > " + previous);
            previous = error;
        }
    }

    @Test
    void sameSeedSameDictionary() {
        ArchetypalAnalysisDictionary again = FACTORY.create(ConfigValues.of("test",
                Map.of("concepts", 4, "max_iter", 300))).fit(ActivationSource.of(planted.data()), context(tmp, 1));
        assertArrayEquals(fitted.atoms().data(), again.atoms().data());
    }

    @Test
    void saveLoadRoundTrip() {
        Path dir = tmp.resolve("aa");
        fitted.save(dir);
        ArchetypalAnalysisDictionary loaded = FACTORY.load(dir);
        assertEquals(fitted.info(), loaded.info());
        assertArrayEquals(fitted.atoms().data(), loaded.atoms().data());
        assertArrayEquals(fitted.archetypeWeights().data(), loaded.archetypeWeights().data());
        FloatMatrix probe = planted.more(20, 0.05, 5).data();
        assertArrayEquals(fitted.encodeToMatrix(probe).data(), loaded.encodeToMatrix(probe).data(), 1e-6f);
        assertEquals(fitted.provenance().metrics(), loaded.provenance().metrics());
    }

    @Test
    void rejectsBadConfiguration() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 4, "lr", 0.1))));
        assertTrue(unknown.getMessage().contains("lr"), unknown.getMessage());
        assertThrows(ConfigException.class, () -> FACTORY.create(ConfigValues.of("test", Map.of())));
        ConfigException range = assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 0))));
        assertTrue(range.getMessage().contains("concepts"), range.getMessage());
        assertThrows(ConfigException.class,
                () -> FACTORY.create(ConfigValues.of("test", Map.of("concepts", 2, "tol", -1.0))));
    }

    @Test
    void rejectsBadData() {
        ArchetypalAnalysisLearner learner = FACTORY.create(ConfigValues.of("test", Map.of("concepts", 3)));
        FloatMatrix nan = new FloatMatrix(4, 2, new float[] {1, 2, 3, Float.NaN, 5, 6, 7, 8});
        InvalidDataException notFinite = assertThrows(InvalidDataException.class,
                () -> learner.fit(ActivationSource.of(nan), context(tmp, 1)));
        assertTrue(notFinite.getMessage().contains("NaN"), notFinite.getMessage());
        InvalidDataException tooFew = assertThrows(InvalidDataException.class,
                () -> learner.fit(ActivationSource.of(new FloatMatrix(2, 2, new float[4])), context(tmp, 1)));
        assertTrue(tooFew.getMessage().contains("at least"), tooFew.getMessage());
        InvalidDataException width = assertThrows(InvalidDataException.class,
                () -> fitted.encode(new FloatMatrix(1, 3, new float[3])));
        assertTrue(width.getMessage().contains("width 3"), width.getMessage());
    }

    @Test
    void refusesADictionaryOfAnotherLearnerOrDamaged() throws Exception {
        Path dir = tmp.resolve("aa");
        fitted.save(dir);
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"archetypal\"", "\"semi-nmf\""));
        assertThrows(CorruptArtifactException.class, () -> FACTORY.load(dir));
        assertThrows(CorruptArtifactException.class, () -> FACTORY.load(tmp.resolve("missing")));
    }
}
