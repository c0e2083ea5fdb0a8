package dev.facet.dictionaries.classical;

import static dev.facet.dictionaries.classical.ClassicalTestSupport.factory;
import static dev.facet.dictionaries.classical.ClassicalTestSupport.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.metrics.DictionaryMatching;
import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DictionaryLearningTest {

    @TempDir
    Path temp;

    @Test
    void lassoOnAnOrthonormalDictionaryIsTheSoftThreshold() {
        FloatMatrix identity = FloatMatrix.of(new float[][] {{1, 0}, {0, 1}});
        FloatMatrix codes = SparseCoding.lasso(FloatMatrix.of(new float[][] {{3, -0.5f}, {-2, 4}}), identity, 1, null);
        assertArrayEquals(new float[] {2, 0, -1, 3}, codes.data(), 1e-6f);
    }

    @Test
    void ompPicksTheMostCorrelatedAtomsAndRefits() {
        float r = (float) Math.sqrt(0.5);
        FloatMatrix atoms = FloatMatrix.of(new float[][] {{1, 0, 0}, {0, 1, 0}, {r, r, 0}});
        FloatMatrix x = FloatMatrix.of(new float[][] {{2, 0.1f, 0}, {3, 5, 0}});
        FloatMatrix one = SparseCoding.omp(x, atoms, 1);
        assertArrayEquals(new float[] {2, 0, 0, 0, 0, 8 * r}, one.data(), 1e-5f);
        FloatMatrix two = SparseCoding.omp(x, atoms, 2);
        // Row 1 = 3·e1 + 5·e2 lies in the span of atoms 2 and 0 after picking atom 2 first.
        FloatMatrix rebuilt = dev.facet.dictionaries.linalg.Matrices.multiply(two, atoms);
        assertArrayEquals(x.data(), rebuilt.data(), 1e-4f);
    }

    @Test
    void recoversAPlantedSparseDictionary() {
        PlantedDictionary planted = PlantedDictionary.generate(1500, 24, 12, 2, 0.01, 4);
        for (Map<String, Object> hyper : List.<Map<String, Object>>of(
                Map.of("concepts", 12, "alpha", 0.1, "max_iter", 60),
                Map.of("concepts", 12, "coding", "omp", "k", 2, "max_iter", 60))) {
            MatrixDictionary learned = fit("dictionary-learning", hyper, planted.data(), temp, 2);
            double cosine = DictionaryMatching.match(planted.atoms(), learned.atoms()).meanCosine();
            assertTrue(cosine >= 0.9, hyper + ": matched cosine " + cosine);
            for (int j = 0; j < 12; j++) {
                double norm = 0;
                for (int q = 0; q < 24; q++) {
                    norm += learned.atoms().get(j, q) * learned.atoms().get(j, q);
                }
                assertEquals(1, norm, 1e-5);
            }
            double error = ((Number) learned.provenance().metrics().get("relative_error")).doubleValue();
            assertTrue(error < 0.2, hyper + ": relative error " + error);
        }
    }

    @Test
    void saveAndLoadEncodeIdentically() {
        FloatMatrix x = PlantedDictionary.generate(300, 10, 6, 2, 0.05, 2).data();
        for (Map<String, Object> hyper : List.<Map<String, Object>>of(
                Map.of("concepts", 6, "alpha", 0.2, "max_iter", 5),
                Map.of("concepts", 6, "coding", "omp", "max_iter", 5))) {
            MatrixDictionary fitted = fit("dictionary-learning", hyper, x, temp, 1);
            Path dir = temp.resolve("dl-" + hyper.size() + hyper.containsKey("coding"));
            fitted.save(dir);
            MatrixDictionary loaded = (MatrixDictionary) factory("dictionary-learning").load(dir);
            assertEquals(fitted.encode(x), loaded.encode(x));
        }
    }

    @Test
    void badInputFailsClearly() {
        assertThrows(ConfigException.class, () -> factory("dictionary-learning")
                .create(ConfigValues.of("t", Map.of("concepts", 4, "coding", "lars"))));
        ConfigException k = assertThrows(ConfigException.class, () -> factory("dictionary-learning")
                .create(ConfigValues.of("t", Map.of("concepts", 4, "coding", "omp", "k", 5))));
        assertTrue(k.getMessage().contains("[1, 4]"), k.getMessage());
        assertThrows(ConfigException.class, () -> factory("dictionary-learning")
                .create(ConfigValues.of("t", Map.of("concepts", 4, "alpha", -1))));
        FloatMatrix x = FloatMatrix.of(new float[][] {{1, 2}, {3, 4}});
        assertThrows(ConfigException.class, () -> fit("dictionary-learning", Map.of("concepts", 3), x, temp, 1));
    }
}
