package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.StateSize;
import dev.facet.dictionaries.linalg.SymmetricEigen;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits PCA (centred) or truncated SVD (uncentred) in one streamed pass: the d × d covariance
 * (resp. XᵀX) is accumulated over batches of the source ({@link SecondMoments}), then
 * eigen-decomposed in double precision ({@link SymmetricEigen}); the atoms are the top-c
 * eigenvectors, i.e. the principal directions (resp. the top right singular vectors of X, since
 * XᵀX = V·S²·Vᵀ). Memory O(d²) whatever the number of rows; deterministic (no seed used). Each
 * atom's sign is fixed so that its largest-magnitude entry is positive.
 *
 * <p>Provenance metrics: {@code explained_variance_ratio} (PCA) or {@code singular_values} and
 * {@code energy_ratio} (SVD), {@code relative_error} = ‖X̃ − X̂‖_F/‖X̃‖_F on the training data
 * (X̃ centred for PCA) computed from the spectrum, {@code passes} = 1.
 */
public final class ProjectionLearner implements DictionaryLearner {

    private final String id;
    private final int concepts;
    private final boolean centred;
    private final Map<String, Object> hyperparameters;

    ProjectionLearner(String id, int concepts, boolean centred, Map<String, Object> hyperparameters) {
        this.id = id;
        this.concepts = concepts;
        this.centred = centred;
        this.hyperparameters = hyperparameters;
    }

    /** The data in memory and the projection (c × d) with its working copy. */
    @Override
    public long estimatedBytes(int inputDim, long rows) {
        return StateSize.of(id, concepts, inputDim, rows, 2, true, false);
    }

    @Override
    public ProjectionDictionary fit(ActivationSource data, RunContext context) {
        long start = System.nanoTime();
        ClassicalData.requireRows(data, centred ? 2 : 1, id);
        int d = data.dim();
        if (concepts > d) {
            throw ConfigException.outOfRange(id + " concepts", concepts, "[1, " + d + "] (the input width)");
        }
        SecondMoments moments = SecondMoments.accumulate(data, centred, id, context);
        SymmetricEigen eigen = SymmetricEigen.of(moments.moment(), d);
        double trace = 0;
        for (double v : eigen.values()) {
            trace += Math.max(0, v);
        }
        float[] atoms = new float[concepts * d];
        float[] spectrum = new float[concepts];
        List<Double> ratios = new ArrayList<>();
        double kept = 0;
        for (int i = 0; i < concepts; i++) {
            double[] v = eigen.vectors()[i];
            int largest = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v[j]) > Math.abs(v[largest])) {
                    largest = j;
                }
            }
            double sign = v[largest] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) {
                atoms[i * d + j] = (float) (sign * v[j]);
            }
            double lambda = Math.max(0, eigen.values()[i]);
            double ratio = trace > 0 ? lambda / trace : 0;
            kept += ratio;
            ratios.add(ratio);
            spectrum[i] = (float) (centred ? ratio : Math.sqrt(lambda * moments.rows()));
        }
        if (!Double.isFinite(kept)) {
            throw new InvalidDataException(id + ": the spectrum of the training data is not finite");
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("passes", 1);
        metrics.put("relative_error", Math.sqrt(Math.max(0, 1 - kept)));
        if (centred) {
            metrics.put("explained_variance_ratio", ratios);
            metrics.put("explained_variance_ratio_total", kept);
        } else {
            List<Double> singular = new ArrayList<>();
            for (float s : spectrum) {
                singular.add((double) s);
            }
            metrics.put("singular_values", singular);
            metrics.put("energy_ratio", ratios);
        }
        return new ProjectionDictionary(id, new FloatMatrix(concepts, d, atoms),
                centred ? ClassicalData.toFloat(moments.mean()) : null, spectrum,
                centred ? ProjectionDictionary.EXPLAINED_VARIANCE_RATIO : ProjectionDictionary.SINGULAR_VALUES,
                hyperparameters, ClassicalData.provenance(id, context, data, metrics, start));
    }
}
