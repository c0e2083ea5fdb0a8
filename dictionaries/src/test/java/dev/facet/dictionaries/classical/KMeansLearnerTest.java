package dev.facet.dictionaries.classical;

import static dev.facet.dictionaries.classical.ClassicalTestSupport.factory;
import static dev.facet.dictionaries.classical.ClassicalTestSupport.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.linalg.KMeansPlusPlus;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KMeansLearnerTest {

    private static final int D = 8;
    private static final int C = 5;

    @TempDir
    Path temp;

    private static float[][] centres() {
        SplittableRandom random = new SplittableRandom(11);
        float[][] centres = new float[C][D];
        for (float[] centre : centres) {
            for (int j = 0; j < D; j++) {
                centre[j] = (float) (10 * random.nextGaussian());
            }
        }
        return centres;
    }

    private static FloatMatrix blobs(int n) {
        float[][] centres = centres();
        SplittableRandom random = new SplittableRandom(5);
        float[] data = new float[n * D];
        for (int i = 0; i < n; i++) {
            int c = i % C;
            for (int j = 0; j < D; j++) {
                data[i * D + j] = centres[c][j] + (float) (0.3 * random.nextGaussian());
            }
        }
        return new FloatMatrix(n, D, data);
    }

    /** Largest distance between a true centre and its nearest learned centroid. */
    private static double worstCentreError(FloatMatrix centroids) {
        double worst = 0;
        for (float[] centre : centres()) {
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < centroids.rows(); k++) {
                double s = 0;
                for (int j = 0; j < D; j++) {
                    double diff = centre[j] - centroids.get(k, j);
                    s += diff * diff;
                }
                best = Math.min(best, Math.sqrt(s));
            }
            worst = Math.max(worst, best);
        }
        return worst;
    }

    @Test
    void fullBatchFindsTheCentresOfSeparatedBlobs() {
        FloatMatrix x = blobs(1000);
        KMeansDictionary kmeans = (KMeansDictionary) fit("kmeans", Map.of("concepts", C), x, temp, 1);
        assertTrue(worstCentreError(kmeans.atoms()) < 0.1, "centre error " + worstCentreError(kmeans.atoms()));
        Codes codes = kmeans.encode(x);
        assertEquals(1.0, codes.meanL0(), 1e-12);
        int[] assigned = kmeans.assign(x);
        for (int i = 0; i < x.rows(); i++) {
            assertEquals(1f, codes.get(i, assigned[i]));
            assertEquals(assigned[i % C], assigned[i], "rows of one blob share a centroid");
        }
        FloatMatrix distances = kmeans.distances(x.rows(0, 1));
        for (int k = 0; k < C; k++) {
            double s = 0;
            for (int j = 0; j < D; j++) {
                double diff = x.get(0, j) - kmeans.atoms().get(k, j);
                s += diff * diff;
            }
            assertEquals(Math.sqrt(s), distances.get(0, k), 1e-3);
        }
        assertTrue(((Number) kmeans.provenance().metrics().get("iterations")).intValue() >= 1);
    }

    @Test
    void kMeansPlusPlusIsDeterministicForASeed() {
        FloatMatrix x = blobs(300);
        FloatMatrix a = KMeansPlusPlus.seed(x, C, new SplittableRandom(9));
        FloatMatrix b = KMeansPlusPlus.seed(x, C, new SplittableRandom(9));
        FloatMatrix other = KMeansPlusPlus.seed(x, C, new SplittableRandom(10));
        assertEquals(a, b);
        assertNotEquals(a, other);
        // Separated blobs: D² sampling puts each seed in a different blob.
        assertTrue(worstCentreError(a) < 2.0);
        MatrixDictionary first = fit("kmeans", Map.of("concepts", C, "max_iter", 1), x, temp, 4);
        MatrixDictionary second = fit("kmeans", Map.of("concepts", C, "max_iter", 1), x, temp, 4);
        assertEquals(first.atoms(), second.atoms());
    }

    @Test
    void miniBatchIsCloseToFullBatch() {
        FloatMatrix x = blobs(2000);
        MatrixDictionary full = fit("kmeans", Map.of("concepts", C), x, temp, 1);
        MatrixDictionary mini = fit("kmeans", Map.of("concepts", C, "batch_size", 64, "max_iter", 5), x, temp, 1);
        assertTrue(worstCentreError(mini.atoms()) < 0.2, "mini-batch centre error " + worstCentreError(mini.atoms()));
        var matching = dev.facet.dictionaries.metrics.DictionaryMatching.match(full.atoms(), mini.atoms());
        assertTrue(matching.meanCosine() > 0.999, "matched cosine " + matching.meanCosine());
    }

    @Test
    void emptyClustersAreReseededFromTheFarthestRows() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{0, 0}, {0.1f, 0}, {10, 0}, {10.1f, 0}});
        FloatMatrix init = FloatMatrix.of(new float[][] {{0, 0}, {100, 100}});
        Map<String, Object> metrics = new HashMap<>();
        FloatMatrix centroids = KMeansLearner.lloyd(x, init, 50, 1e-6, null, metrics);
        assertEquals(1, metrics.get("reseeded"));
        float[] sorted = {centroids.get(0, 0), centroids.get(1, 0)};
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new float[] {0.05f, 10.05f}, sorted, 1e-5f);
    }

    @Test
    void saveAndLoadEncodeIdentically() {
        FloatMatrix x = blobs(300);
        KMeansDictionary kmeans = (KMeansDictionary) fit("kmeans", Map.of("concepts", C), x, temp, 1);
        kmeans.save(temp.resolve("km"));
        KMeansDictionary loaded = (KMeansDictionary) factory("kmeans").load(temp.resolve("km"));
        assertEquals(kmeans.encode(x), loaded.encode(x));
        assertEquals(kmeans.distances(x), loaded.distances(x));
    }

    @Test
    void badInputFailsClearly() {
        FloatMatrix x = blobs(10);
        ConfigException tooMany = assertThrows(ConfigException.class, () -> fit("kmeans", Map.of("concepts", 11), x,
                temp, 1));
        assertTrue(tooMany.getMessage().contains("[1, 10]"), tooMany.getMessage());
        assertThrows(ConfigException.class,
                () -> factory("kmeans").create(ConfigValues.of("t", Map.of("concepts", 2, "batch_size", -1))));
        assertThrows(ConfigException.class,
                () -> factory("kmeans").create(ConfigValues.of("t", Map.of("concepts", 2, "n_clusters", 3))));
        KMeansDictionary kmeans = (KMeansDictionary) fit("kmeans", Map.of("concepts", 2), x, temp, 1);
        assertThrows(InvalidDataException.class, () -> kmeans.distances(FloatMatrix.zeros(1, D + 1)));
        FloatMatrix nan = x.rows(0, 10);
        nan.data()[3] = Float.NaN;
        assertThrows(InvalidDataException.class, () -> fit("kmeans", Map.of("concepts", 2), nan, temp, 1));
        assertThrows(InvalidDataException.class,
                () -> fit("kmeans", Map.of("concepts", 2, "batch_size", 4), nan, temp, 1));
    }
}
