package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearnerFactory;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.Map;

final class ClassicalTestSupport {

    private ClassicalTestSupport() {
    }

    static DictionaryLearnerFactory factory(String id) {
        return ClassicalLearners.factories().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    static RunContext context(Path dir, long seed) {
        return RunContext.builder().setOutputDirectory(dir).optSeed(seed).build();
    }

    static MatrixDictionary fit(String id, Map<String, Object> hyper, FloatMatrix data, Path dir, long seed) {
        return (MatrixDictionary) factory(id).create(ConfigValues.of("test", hyper))
                .fit(ActivationSource.of(data), context(dir, seed));
    }

    /** Frobenius distance between the orthogonal projectors onto the row spaces of two orthonormal bases. */
    static double projectorDistance(double[][] a, double[][] b, int d) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double pa = 0;
                double pb = 0;
                for (double[] row : a) {
                    pa += row[i] * row[j];
                }
                for (double[] row : b) {
                    pb += row[i] * row[j];
                }
                sum += (pa - pb) * (pa - pb);
            }
        }
        return Math.sqrt(sum);
    }

    static double[][] rows(FloatMatrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }

    static double maxAbsDiff(FloatMatrix a, FloatMatrix b) {
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
