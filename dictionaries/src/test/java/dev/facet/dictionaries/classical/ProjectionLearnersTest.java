package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.linalg.SymmetricEigen;
import static dev.facet.dictionaries.classical.ClassicalTestSupport.factory;
import static dev.facet.dictionaries.classical.ClassicalTestSupport.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionLearnersTest {

    @TempDir
    Path temp;

    @Test
    void eigenDecompositionOfAKnownMatrix() {
        SymmetricEigen eigen = SymmetricEigen.of(new double[] {2, 1, 0, 1, 2, 0, 0, 0, 5}, 3);
        assertArrayEquals(new double[] {5, 3, 1}, eigen.values(), 1e-12);
        assertEquals(1, Math.abs(eigen.vectors()[0][2]), 1e-12);
        assertEquals(Math.sqrt(0.5), Math.abs(eigen.vectors()[1][0]), 1e-12);
        assertEquals(eigen.vectors()[1][0], eigen.vectors()[1][1], 1e-12);
        assertEquals(-eigen.vectors()[2][0], eigen.vectors()[2][1], 1e-12);
    }

    @Test
    void eigenDecompositionReconstructsARandomSymmetricMatrix() {
        int n = 40;
        SplittableRandom random = new SplittableRandom(1);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i * n + j] = a[j * n + i] = random.nextGaussian();
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(a, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    sum += eigen.values()[k] * eigen.vectors()[k][i] * eigen.vectors()[k][j];
                    dot += eigen.vectors()[i][k] * eigen.vectors()[j][k];
                }
                assertEquals(a[i * n + j], sum, 1e-9);
                assertEquals(i == j ? 1 : 0, dot, 1e-9);
            }
        }
    }

    /** X = [[1,1],[2,2],[3,0]]: μ = (2,1), Σ = [[1,-.5],[-.5,1]], λ = 1.5, 0.5 on (1,-1)/√2, (1,1)/√2. */
    @Test
    void pcaMatchesTheHandComputedThreeByTwoExample() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{1, 1}, {2, 2}, {3, 0}});
        ProjectionDictionary pca = (ProjectionDictionary) fit("pca", Map.of("concepts", 2), x, temp, 1);
        float r = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {2, 1}, pca.offset(), 1e-6f);
        assertArrayEquals(new float[] {0.75f, 0.25f}, pca.spectrum(), 1e-6f);
        assertArrayEquals(new float[] {r, -r, r, r}, pca.atoms().data(), 1e-6f);
        FloatMatrix codes = pca.encodeToMatrix(x);
        assertArrayEquals(new float[] {-r, -r, -r, r, 2 * r, 0}, codes.data(), 1e-6f);
        assertTrue(ClassicalTestSupport.maxAbsDiff(x, pca.decode(codes)) < 1e-6);
        @SuppressWarnings("unchecked")
        List<Double> ratios = (List<Double>) pca.provenance().metrics().get("explained_variance_ratio");
        assertEquals(0.75, ratios.get(0), 1e-9);
    }

    @Test
    void pcaRecoversAPlantedSubspaceFromAStream() {
        int n = 3000;
        int d = 12;
        int rank = 3;
        SplittableRandom random = new SplittableRandom(7);
        double[][] basis = new double[rank][d];
        for (double[] row : basis) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rank; k++) {
                double z = random.nextGaussian() * (3 + k);
                for (int j = 0; j < d; j++) {
                    data[i * d + j] += (float) (z * basis[k][j]);
                }
            }
            for (int j = 0; j < d; j++) {
                data[i * d + j] += (float) (100 + j + 1e-3 * random.nextGaussian());
            }
        }
        FloatMatrix x = new FloatMatrix(n, d, data);
        ProjectionDictionary pca = (ProjectionDictionary) fit("pca", Map.of("concepts", rank), x, temp, 1);
        double[][] q = orthonormalise(basis);
        // Principal angles ~ 0 ⇔ the projectors onto both subspaces coincide.
        assertTrue(ClassicalTestSupport.projectorDistance(q, ClassicalTestSupport.rows(pca.atoms()), d) < 1e-3);
        double total = 0;
        for (float v : pca.spectrum()) {
            total += v;
        }
        assertTrue(total <= 1 + 1e-6 && total > 0.999, "explained variance " + total);
        FloatMatrix reconstructed = pca.decode(pca.encodeToMatrix(x));
        assertTrue(ClassicalTestSupport.maxAbsDiff(x, reconstructed) < 0.02);
        double[][] atoms = ClassicalTestSupport.rows(pca.atoms());
        for (int a = 0; a < rank; a++) {
            for (int b = 0; b < rank; b++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += atoms[a][j] * atoms[b][j];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-5);
            }
        }
    }

    /** A source that ignores the requested batch size and streams batches of 97 rows. */
    private static ActivationSource smallBatches(FloatMatrix x) {
        ActivationSource inner = ActivationSource.of(x);
        return new ActivationSource() {
            @Override
            public int dim() {
                return inner.dim();
            }

            @Override
            public long rows() {
                return inner.rows();
            }

            @Override
            public BatchStream openBatches(int batchSize, boolean shuffle, long seed) {
                return inner.openBatches(97, shuffle, seed);
            }
        };
    }

    @Test
    void streamedAccumulationOverManyBatchesMatchesOneBatch() {
        FloatMatrix x = dev.facet.dictionaries.synthetic.PlantedDictionary.generate(1000, 10, 6, 2, 0.05, 2).data();
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] += 50;
        }
        for (String id : List.of("pca", "svd")) {
            ProjectionDictionary whole = (ProjectionDictionary) fit(id, Map.of("concepts", 3), x, temp, 1);
            ProjectionDictionary streamed = (ProjectionDictionary) factory(id)
                    .create(ConfigValues.of("test", Map.of("concepts", 3)))
                    .fit(smallBatches(x), ClassicalTestSupport.context(temp, 1));
            assertTrue(ClassicalTestSupport.maxAbsDiff(whole.atoms(), streamed.atoms()) < 1e-3, id);
            assertArrayEquals(whole.spectrum(), streamed.spectrum(), 1e-3f * whole.spectrum()[0]);
        }
    }

    @Test
    void svdReconstructsARankCMatrixExactly() {
        int n = 50;
        int d = 9;
        SplittableRandom random = new SplittableRandom(3);
        float[] left = new float[n * 2];
        float[] right = new float[2 * d];
        for (int i = 0; i < left.length; i++) {
            left[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < right.length; i++) {
            right[i] = (float) random.nextGaussian();
        }
        FloatMatrix x = dev.facet.dictionaries.linalg.Matrices.multiply(new FloatMatrix(n, 2, left),
                new FloatMatrix(2, d, right));
        ProjectionDictionary svd = (ProjectionDictionary) fit("svd", Map.of("concepts", 2), x, temp, 1);
        assertNull(svd.offset());
        assertTrue(ClassicalTestSupport.maxAbsDiff(x, svd.decode(svd.encodeToMatrix(x))) < 1e-4);
    }

    @Test
    void svdSingularValuesOfADiagonalMatrix() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{3, 0}, {0, 4}});
        ProjectionDictionary svd = (ProjectionDictionary) fit("svd", Map.of("concepts", 2), x, temp, 1);
        assertArrayEquals(new float[] {4, 3}, svd.spectrum(), 1e-5f);
        assertArrayEquals(new float[] {0, 1, 1, 0}, svd.atoms().data(), 1e-6f);
    }

    @Test
    void saveAndLoadEncodeIdentically() {
        FloatMatrix x = dev.facet.dictionaries.synthetic.PlantedDictionary.generate(400, 10, 6, 2, 0.05, 2).data();
        for (String id : List.of("pca", "svd")) {
            MatrixDictionary fitted = fit(id, Map.of("concepts", 4), x, temp.resolve("run-" + id), 1);
            fitted.save(temp.resolve(id));
            MatrixDictionary loaded = (MatrixDictionary) factory(id).load(temp.resolve(id));
            assertEquals(fitted.encodeToMatrix(x), loaded.encodeToMatrix(x));
            assertEquals(fitted.encode(x), loaded.encode(x));
            assertArrayEquals(((ProjectionDictionary) fitted).spectrum(), ((ProjectionDictionary) loaded).spectrum());
        }
        assertThrows(CorruptArtifactException.class, () -> factory("svd").load(temp.resolve("pca")));
    }

    @Test
    void badInputFailsClearly() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{1, 2}, {3, 4}, {5, 7}});
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> factory("pca").create(ConfigValues.of("test", Map.of("concepts", 1, "componets", 2))));
        assertTrue(unknown.getMessage().contains("componets"));
        assertThrows(ConfigException.class, () -> factory("pca").create(ConfigValues.of("test", Map.of())));
        assertThrows(ConfigException.class, () -> factory("svd").create(ConfigValues.of("test", Map.of("concepts", 0))));
        ConfigException tooMany = assertThrows(ConfigException.class, () -> fit("pca", Map.of("concepts", 3), x, temp, 1));
        assertTrue(tooMany.getMessage().contains("[1, 2]"), tooMany.getMessage());
        FloatMatrix nan = FloatMatrix.of(new float[][] {{1, 2}, {Float.NaN, 4}});
        assertThrows(InvalidDataException.class, () -> fit("pca", Map.of("concepts", 1), nan, temp, 1));
        FloatMatrix single = FloatMatrix.of(new float[][] {{1, 2}});
        InvalidDataException few = assertThrows(InvalidDataException.class,
                () -> fit("pca", Map.of("concepts", 1), single, temp, 1));
        assertTrue(few.getMessage().contains("at least 2 rows"), few.getMessage());
        MatrixDictionary pca = fit("pca", Map.of("concepts", 1), x, temp, 1);
        assertThrows(InvalidDataException.class, () -> pca.encode(FloatMatrix.zeros(1, 3)));
        assertThrows(InvalidDataException.class,
                () -> pca.encode(FloatMatrix.of(new float[][] {{Float.POSITIVE_INFINITY, 0}})));
    }

    private static double[][] orthonormalise(double[][] basis) {
        int d = basis[0].length;
        double[][] q = new double[basis.length][];
        for (int k = 0; k < basis.length; k++) {
            double[] v = basis[k].clone();
            for (int p = 0; p < k; p++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[j] * q[p][j];
                }
                for (int j = 0; j < d; j++) {
                    v[j] -= dot * q[p][j];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                v[j] /= norm;
            }
            q[k] = v;
        }
        return q;
    }
}
