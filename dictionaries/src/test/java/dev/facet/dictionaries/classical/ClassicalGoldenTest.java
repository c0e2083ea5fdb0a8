package dev.facet.dictionaries.classical;

import static dev.facet.dictionaries.classical.ClassicalTestSupport.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.dictionaries.golden.Golden;
import dev.facet.dictionaries.golden.GoldenArray;
import dev.facet.dictionaries.metrics.Hungarian;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PCA, k-means, FastICA and sparse PCA against scikit-learn 1.2 on the fixtures {@code pca},
 * {@code kmeans}, {@code fastica} and {@code sparse_pca} of make_parity_golden.py
 * (docs/development.md#golden-parity-files). The inputs are float32, the references float64.
 */
class ClassicalGoldenTest {

    @TempDir
    Path temp;

    /** {@code PCA(svd_solver="full")}: components up to sign, explained variance and its ratio, mean, transform. */
    @Test
    void pcaMatchesScikitLearn() {
        FloatMatrix x = Golden.matrix("pca", "x");
        int c = Golden.scalars("pca").get("concepts").asInt();
        ProjectionDictionary pca = (ProjectionDictionary) fit("pca", Map.of("concepts", c), x, temp, 1);
        assertClose(Golden.array("pca", "mean").values(), pca.offset(), 1e-6);
        assertClose(Golden.array("pca", "explained_variance_ratio").values(), pca.spectrum(), 1e-5);
        GoldenArray components = Golden.array("pca", "components");
        double[] sign = signs(components, pca.atoms());
        assertClose(components.values(), flipRows(pca.atoms(), sign).data(), 1e-5);
        FloatMatrix codes = flipColumns(pca.encodeToMatrix(x), sign);
        assertClose(Golden.array("pca", "transform").values(), codes.data(), 1e-5);
        // explained variance = the variance of each component's codes, (n − 1) denominator
        double[] variance = new double[c];
        for (int k = 0; k < c; k++) {
            double mean = 0;
            for (int i = 0; i < x.rows(); i++) {
                mean += codes.get(i, k) / x.rows();
            }
            for (int i = 0; i < x.rows(); i++) {
                variance[k] += Math.pow(codes.get(i, k) - mean, 2) / (x.rows() - 1);
            }
        }
        assertClose(Golden.array("pca", "explained_variance").values(), variance, 1e-5);
    }

    /**
     * Lloyd iterations from the same start as {@code KMeans(init=start, n_init=1, algorithm="lloyd",
     * tol=0)}: the same centres, labels, inertia and iteration count. The fixture checks that no row
     * comes within 1e-3 of a tie on the way, so float32 distances cannot flip an assignment.
     */
    @Test
    void lloydMatchesScikitLearnFromTheSameStart() {
        FloatMatrix x = Golden.matrix("kmeans", "x");
        JsonNode expected = Golden.scalars("kmeans");
        Map<String, Object> metrics = new HashMap<>();
        FloatMatrix centres = KMeansLearner.lloyd(x, Golden.matrix("kmeans", "init"), 300, 0, null, metrics);
        assertClose(Golden.array("kmeans", "centres").values(), centres.data(), 1e-6);
        int[] labels = KMeansDictionary.nearest(KMeansDictionary.squaredDistances(x, centres), new float[x.rows()]);
        assertArrayEquals(Golden.ints("kmeans", "labels"), labels);
        assertEquals(expected.get("inertia").asDouble(), (double) metrics.get("inertia"),
                1e-6 * expected.get("inertia").asDouble());
        assertEquals(expected.get("iterations").asInt(), metrics.get("iterations"));
    }

    /** k-means++ and Lloyd on well-separated blobs reach the optimum that {@code KMeans(n_init=10)} finds. */
    @Test
    void kmeansPlusPlusReachesTheScikitLearnOptimumOnSeparatedData() {
        JsonNode expected = Golden.scalars("kmeans");
        int c = expected.get("separated_concepts").asInt();
        MatrixDictionary kmeans = fit("kmeans", Map.of("concepts", c), Golden.matrix("kmeans", "separated_x"), temp, 3);
        GoldenArray reference = Golden.array("kmeans", "separated_centres");
        FloatMatrix centres = kmeans.atoms();
        double[] cost = new double[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                for (int q = 0; q < centres.cols(); q++) {
                    cost[i * c + j] += Math.pow(reference.get(i, q) - centres.get(j, q), 2);
                }
            }
        }
        int[] match = Hungarian.assign(cost, c, c);
        for (int i = 0; i < c; i++) {
            assertTrue(cost[i * c + match[i]] < 1e-10, "centre " + i + " is off by " + Math.sqrt(cost[i * c + match[i]]));
        }
        double inertia = expected.get("separated_inertia").asDouble();
        assertEquals(inertia, (double) kmeans.provenance().metrics().get("inertia"), 1e-6 * inertia);
    }

    /**
     * {@code FastICA(algorithm="parallel", fun="logcosh", whiten="unit-variance")}, started from
     * another random W, reaches the same sources, unmixing rows and mixing rows up to order, sign and
     * the n − 1 against n of the whitening (which leaves the sources' standard deviation at
     * √((n − 1)/n) instead of 1).
     */
    @Test
    void fastIcaRecoversTheScikitLearnSources() {
        FloatMatrix x = Golden.matrix("fastica", "x");
        JsonNode expected = Golden.scalars("fastica");
        int c = expected.get("concepts").asInt();
        IcaDictionary ica = (IcaDictionary) fit("ica", Map.of("concepts", c, "tol", expected.get("tol").asDouble(),
                "max_iter", expected.get("max_iter").asInt()), x, temp, 5);
        FloatMatrix sources = ica.encodeToMatrix(x);
        GoldenArray reference = Golden.array("fastica", "sources");
        double[] correlation = new double[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                correlation[i * c + j] = correlation(reference, i, sources, j);
            }
        }
        double[] cost = new double[c * c];
        for (int i = 0; i < cost.length; i++) {
            cost[i] = 1 - Math.abs(correlation[i]);
        }
        int[] match = Hungarian.assign(cost, c, c);
        double n = x.rows();
        for (int i = 0; i < c; i++) {
            int j = match[i];
            assertTrue(Math.abs(correlation[i * c + j]) >= 1 - 1e-6, "source " + i + ": |corr| " + correlation[i * c + j]);
            assertEquals(Math.sqrt((n - 1) / n), standardDeviation(sources, j), 1e-4);
            assertTrue(Math.abs(cosine(Golden.array("fastica", "unmixing"), i, ica.unmixing(), j)) >= 1 - 1e-6);
            assertTrue(Math.abs(cosine(Golden.array("fastica", "mixing"), i, ica.atoms(), j)) >= 1 - 1e-6);
        }
    }

    /**
     * {@code SparsePCA(method="cd")} started where Facet starts (unit-norm PCA scores, given as
     * U_init and V_init) runs the same alternating minimisation, so it must reach the same components
     * up to sign, with the same zeros, the same ridge-regression transform and the same objective.
     */
    @Test
    void sparsePcaMatchesScikitLearnFromTheSameStart() {
        FloatMatrix x = Golden.matrix("sparse_pca", "x");
        JsonNode expected = Golden.scalars("sparse_pca");
        MatrixDictionary spca = fit("sparse-pca", Map.of("concepts", expected.get("concepts").asInt(), "alpha",
                expected.get("alpha").asDouble(), "ridge_alpha", expected.get("ridge_alpha").asDouble(), "max_iter",
                1000, "tol", 1e-6), x, temp, 1);
        GoldenArray components = Golden.array("sparse_pca", "components");
        double[] sign = signs(components, spca.atoms());
        FloatMatrix atoms = flipRows(spca.atoms(), sign);
        assertClose(components.values(), atoms.data(), 1e-5);
        for (int i = 0; i < components.values().length; i++) {
            assertEquals(components.values()[i] == 0, atoms.data()[i] == 0, "zero pattern at " + i);
        }
        assertClose(Golden.array("sparse_pca", "transform").values(),
                flipColumns(spca.encodeToMatrix(x), sign).data(), 1e-5);
        Map<String, Object> metrics = spca.provenance().metrics();
        assertEquals(expected.get("relative_error").asDouble(), (double) metrics.get("relative_error"), 1e-6);
        double objective = expected.get("objective").asDouble();
        assertEquals(objective, (double) metrics.get("objective"), 1e-5 * objective);
    }

    /** For each row k of {@code actual}, the sign that best aligns it with row k of {@code expected}. */
    private static double[] signs(GoldenArray expected, FloatMatrix actual) {
        double[] sign = new double[actual.rows()];
        for (int k = 0; k < sign.length; k++) {
            double dot = 0;
            for (int j = 0; j < actual.cols(); j++) {
                dot += expected.get(k, j) * actual.get(k, j);
            }
            sign[k] = dot < 0 ? -1 : 1;
        }
        return sign;
    }

    private static FloatMatrix flipRows(FloatMatrix m, double[] sign) {
        FloatMatrix out = new FloatMatrix(m.rows(), m.cols(), m.data().clone());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                out.set(i, j, (float) (sign[i] * m.get(i, j)));
            }
        }
        return out;
    }

    private static FloatMatrix flipColumns(FloatMatrix m, double[] sign) {
        return flipRows(m.transpose(), sign).transpose();
    }

    private static double correlation(GoldenArray a, int i, FloatMatrix b, int j) {
        int n = b.rows();
        double ma = 0;
        double mb = 0;
        for (int r = 0; r < n; r++) {
            ma += a.get(r, i) / n;
            mb += b.get(r, j) / n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int r = 0; r < n; r++) {
            double u = a.get(r, i) - ma;
            double v = b.get(r, j) - mb;
            sab += u * v;
            saa += u * u;
            sbb += v * v;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double standardDeviation(FloatMatrix m, int j) {
        double mean = 0;
        for (int r = 0; r < m.rows(); r++) {
            mean += m.get(r, j) / m.rows();
        }
        double s = 0;
        for (int r = 0; r < m.rows(); r++) {
            s += Math.pow(m.get(r, j) - mean, 2);
        }
        return Math.sqrt(s / m.rows());
    }

    private static double cosine(GoldenArray a, int i, FloatMatrix b, int j) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int q = 0; q < b.cols(); q++) {
            dot += a.get(i, q) * b.get(j, q);
            na += a.get(i, q) * a.get(i, q);
            nb += (double) b.get(j, q) * b.get(j, q);
        }
        return dot / Math.sqrt(na * nb);
    }

    /** max |expected − actual| ≤ tolerance · max(1, max |expected|). */
    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        double[] widened = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            widened[i] = actual[i];
        }
        assertClose(expected, widened, tolerance);
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        double scale = 1;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= tolerance * scale, "max difference " + diff + " against scale " + scale);
    }
}
