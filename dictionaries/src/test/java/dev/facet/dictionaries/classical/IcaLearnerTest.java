package dev.facet.dictionaries.classical;

import static dev.facet.dictionaries.classical.ClassicalTestSupport.factory;
import static dev.facet.dictionaries.classical.ClassicalTestSupport.fit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcaLearnerTest {

    private static final int N = 3000;

    @TempDir
    Path temp;

    /** Two non-Gaussian sources: a sine (sub-Gaussian) and Laplace noise (super-Gaussian). */
    private static double[][] sources() {
        SplittableRandom random = new SplittableRandom(21);
        double[][] s = new double[2][N];
        for (int i = 0; i < N; i++) {
            s[0][i] = Math.sin(i * 0.05);
            double u = random.nextDouble() - 0.5;
            s[1][i] = -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
        }
        return s;
    }

    /** Mixed into 3 observed dimensions, plus an offset. */
    private static FloatMatrix mixed(double[][] s) {
        double[][] mixing = {{1.0, 0.5, -0.3}, {0.4, 1.2, 0.8}};
        float[] data = new float[N * 3];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) {
                data[i * 3 + j] = (float) (s[0][i] * mixing[0][j] + s[1][i] * mixing[1][j] + 5 + j);
            }
        }
        return new FloatMatrix(N, 3, data);
    }

    private static double correlation(double[] a, FloatMatrix codes, int column) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < N; i++) {
            ma += a[i];
            mb += codes.get(i, column);
        }
        ma /= N;
        mb /= N;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < N; i++) {
            double x = a[i] - ma;
            double y = codes.get(i, column) - mb;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void unmixesTwoPlantedNonGaussianSources() {
        double[][] s = sources();
        FloatMatrix x = mixed(s);
        IcaDictionary ica = (IcaDictionary) fit("ica", Map.of("concepts", 2), x, temp, 1);
        FloatMatrix codes = ica.encodeToMatrix(x);
        double straight = Math.min(Math.abs(correlation(s[0], codes, 0)), Math.abs(correlation(s[1], codes, 1)));
        double swapped = Math.min(Math.abs(correlation(s[0], codes, 1)), Math.abs(correlation(s[1], codes, 0)));
        double matched = Math.max(straight, swapped);
        assertTrue(matched >= 0.95, "matched |correlation| " + matched);
        assertEquals(true, ica.provenance().metrics().get("converged"));
        // The data have rank 2, so decode (which adds the mean back) reconstructs them.
        assertTrue(ClassicalTestSupport.maxAbsDiff(x, ica.decode(codes)) < 1e-3);
        float[] mean = ica.offset();
        assertEquals(5.0, mean[0], 0.2);
    }

    @Test
    void saveAndLoadEncodeIdentically() {
        FloatMatrix x = mixed(sources());
        IcaDictionary ica = (IcaDictionary) fit("ica", Map.of("concepts", 2), x, temp, 1);
        ica.save(temp.resolve("ica"));
        IcaDictionary loaded = (IcaDictionary) factory("ica").load(temp.resolve("ica"));
        assertEquals(ica.encode(x), loaded.encode(x));
        assertEquals(ica.unmixing(), loaded.unmixing());
        IcaDictionary again = (IcaDictionary) fit("ica", Map.of("concepts", 2), x, temp, 1);
        assertEquals(ica.atoms(), again.atoms(), "deterministic for a seed");
    }

    @Test
    void badInputFailsClearly() {
        FloatMatrix x = mixed(sources());
        assertThrows(ConfigException.class, () -> fit("ica", Map.of("concepts", 4), x, temp, 1));
        InvalidDataException rank = assertThrows(InvalidDataException.class,
                () -> fit("ica", Map.of("concepts", 3), x, temp, 1));
        assertTrue(rank.getMessage().contains("rank"), rank.getMessage());
        assertThrows(ConfigException.class,
                () -> factory("ica").create(ConfigValues.of("t", Map.of("concepts", 2, "alpha", 3.0))));
        assertThrows(ConfigException.class,
                () -> factory("ica").create(ConfigValues.of("t", Map.of("concepts", 2, "fun", "cube"))));
    }
}
