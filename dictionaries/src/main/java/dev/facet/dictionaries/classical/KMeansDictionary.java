package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A k-means dictionary (Lloyd 1982; Arthur and Vassilvitskii 2007; Sculley 2010): the atoms are
 * the centroids and the code of a row is one-hot, value 1 at its nearest centroid
 * (docs/algorithms.md#k-means), so decode returns that centroid. The distances to every centroid, which
 * the codes do not carry, are available from {@link #distances(FloatMatrix)}.
 */
public final class KMeansDictionary extends MatrixDictionary {

    KMeansDictionary(String learner, FloatMatrix centroids, Map<String, Object> hyperparameters, Provenance provenance) {
        super(learner, centroids, null, hyperparameters, provenance);
    }

    /**
     * Euclidean distances ‖x − cⱼ‖ of each row to each centroid (n × c).
     *
     * @throws InvalidDataException when {@code x} has the wrong width or non-finite values
     */
    public FloatMatrix distances(FloatMatrix x) {
        check(x);
        FloatMatrix squared = squaredDistances(x, atoms());
        float[] data = squared.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sqrt(data[i]);
        }
        return squared;
    }

    /** Index of the nearest centroid of each row. */
    public int[] assign(FloatMatrix x) {
        check(x);
        return nearest(squaredDistances(x, atoms()), null);
    }

    @Override
    protected FloatMatrix encodeDense(FloatMatrix x) {
        int[] nearest = nearest(squaredDistances(x, atoms()), null);
        FloatMatrix codes = FloatMatrix.zeros(x.rows(), atoms().rows());
        for (int i = 0; i < nearest.length; i++) {
            codes.data()[i * atoms().rows() + nearest[i]] = 1f;
        }
        return codes;
    }

    private void check(FloatMatrix x) {
        x.requireCols("input to k-means distances", atoms().cols());
        x.requireFinite("input to k-means distances");
    }

    /** ‖x‖² − 2x·cᵀ + ‖c‖², clamped at 0 (n × c), the product on the engine. */
    static FloatMatrix squaredDistances(FloatMatrix x, FloatMatrix centroids) {
        FloatMatrix cross = Matrices.multiply(x, false, centroids, true);
        float[] rowNorms = squaredNorms(x);
        float[] centroidNorms = squaredNorms(centroids);
        int c = centroids.rows();
        float[] out = cross.data();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = Math.max(0f, rowNorms[i] - 2 * out[i * c + j] + centroidNorms[j]);
            }
        }
        return cross;
    }

    static float[] squaredNorms(FloatMatrix m) {
        float[] out = new float[m.rows()];
        int d = m.cols();
        for (int i = 0; i < m.rows(); i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = m.data()[i * d + j];
                s += v * v;
            }
            out[i] = (float) s;
        }
        return out;
    }

    /** Nearest centroid per row of a squared-distance matrix; fills {@code best} with the distances when given. */
    static int[] nearest(FloatMatrix squared, float[] best) {
        int c = squared.cols();
        int[] out = new int[squared.rows()];
        for (int i = 0; i < squared.rows(); i++) {
            int arg = 0;
            float min = squared.data()[i * c];
            for (int j = 1; j < c; j++) {
                float v = squared.data()[i * c + j];
                if (v < min) {
                    min = v;
                    arg = j;
                }
            }
            out[i] = arg;
            if (best != null) {
                best[i] = min;
            }
        }
        return out;
    }
}
