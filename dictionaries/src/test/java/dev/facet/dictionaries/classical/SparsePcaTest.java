package dev.facet.dictionaries.classical;

import static dev.facet.dictionaries.classical.ClassicalTestSupport.factory;
import static dev.facet.dictionaries.classical.ClassicalTestSupport.fit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparsePcaTest {

    private static final int D = 12;

    @TempDir
    Path temp;

    /** Two sparse components on disjoint supports {0,1,2} and {6,7,8}, plus an offset and small noise. */
    private static FloatMatrix data(int n) {
        SplittableRandom random = new SplittableRandom(8);
        float[] x = new float[n * D];
        for (int i = 0; i < n; i++) {
            double a = 3 * random.nextGaussian();
            double b = 2 * random.nextGaussian();
            for (int j = 0; j < D; j++) {
                double v = 1 + j + 0.05 * random.nextGaussian();
                if (j < 3) {
                    v += a;
                } else if (j >= 6 && j < 9) {
                    v += b;
                }
                x[i * D + j] = (float) v;
            }
        }
        return new FloatMatrix(n, D, x);
    }

    @Test
    void findsSparseComponentsOnThePlantedSupports() {
        FloatMatrix x = data(600);
        MatrixDictionary spca = fit("sparse-pca", Map.of("concepts", 2, "alpha", 2.0), x, temp, 1);
        FloatMatrix atoms = spca.atoms();
        List<int[]> supports = List.of(new int[] {0, 1, 2}, new int[] {6, 7, 8});
        boolean[] found = new boolean[2];
        for (int k = 0; k < 2; k++) {
            for (int s = 0; s < 2; s++) {
                double inside = 0;
                for (int j : supports.get(s)) {
                    inside += Math.abs(atoms.get(k, j));
                }
                if (inside / 3 > 0.5) {
                    found[s] = true;
                    for (int j = 0; j < D; j++) {
                        boolean onSupport = j >= supports.get(s)[0] && j <= supports.get(s)[2];
                        if (!onSupport) {
                            assertEquals(0f, atoms.get(k, j), "component " + k + " off its support at " + j);
                        } else {
                            assertEquals(1 / Math.sqrt(3), Math.abs(atoms.get(k, j)), 0.02);
                        }
                    }
                }
            }
        }
        assertTrue(found[0] && found[1], "both planted supports found");
        double error = ((Number) spca.provenance().metrics().get("relative_error")).doubleValue();
        assertTrue(error < 0.1, "relative error " + error);
        assertTrue(((Number) spca.provenance().metrics().get("component_sparsity")).doubleValue() >= 0.7);
    }

    @Test
    void saveAndLoadEncodeIdentically() {
        FloatMatrix x = data(200);
        MatrixDictionary spca = fit("sparse-pca", Map.of("concepts", 3, "alpha", 1.0, "max_iter", 10), x, temp, 1);
        spca.save(temp.resolve("spca"));
        MatrixDictionary loaded = (MatrixDictionary) factory("sparse-pca").load(temp.resolve("spca"));
        assertEquals(spca.encodeToMatrix(x), loaded.encodeToMatrix(x));
    }

    @Test
    void badInputFailsClearly() {
        assertThrows(ConfigException.class, () -> factory("sparse-pca")
                .create(ConfigValues.of("t", Map.of("concepts", 2, "ridge_alpha", -1))));
        assertThrows(ConfigException.class, () -> factory("sparse-pca")
                .create(ConfigValues.of("t", Map.of("concepts", 2, "method", "lars"))));
        ConfigException tooMany = assertThrows(ConfigException.class,
                () -> fit("sparse-pca", Map.of("concepts", D + 1), data(50), temp, 1));
        assertTrue(tooMany.getMessage().contains("[1, " + D + "]"), tooMany.getMessage());
    }
}
