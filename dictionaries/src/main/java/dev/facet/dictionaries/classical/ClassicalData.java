package dev.facet.dictionaries.classical;

import dev.facet.dictionaries.factor.SourceRows;
import dev.facet.spi.Provenance;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shared input handling of the classical learners: validated streaming over an
 * {@link ActivationSource}, reading a whole source into one heap matrix for the in-memory
 * learners, centring, and the provenance record every learner writes.
 */
public final class ClassicalData {

    /** Rows per batch when a learner streams a source. */
    public static final int STREAM_BATCH = 4096;

    private ClassicalData() {
    }

    /**
     * Checks that {@code source} has at least {@code minRows} rows.
     *
     * @throws InvalidDataException naming the learner, the rows needed and the rows found
     */
    public static void requireRows(ActivationSource source, long minRows, String learner) {
        if (source.dim() < 1) {
            throw new InvalidDataException(learner + " needs rows of width >= 1, found width " + source.dim());
        }
        if (source.rows() < minRows) {
            throw new InvalidDataException(learner + " needs at least " + minRows + " rows, found " + source.rows());
        }
    }

    /**
     * One pass over {@code source}; every batch is checked for width and finiteness, and the run's
     * cancellation is honoured between batches.
     */
    public static void forEachBatch(ActivationSource source, int batchSize, boolean shuffle, long seed, String learner,
                                    RunContext context, Consumer<FloatMatrix> action) {
        try (BatchStream batches = source.openBatches(batchSize, shuffle, seed)) {
            while (batches.hasNext()) {
                context.cancellation().throwIfCancelled(learner);
                FloatMatrix batch = batches.next();
                batch.requireCols("batch of " + learner + " training data", source.dim());
                batch.requireFinite(learner + " training data");
                action.accept(batch);
            }
        }
    }

    /** Every row of {@code source} in memory (see {@link SourceRows}), cancellable through the context. */
    public static FloatMatrix readAll(ActivationSource source, String learner, RunContext context) {
        return SourceRows.readAll(source, learner, Long.MAX_VALUE, context.cancellation());
    }

    /** Per-column means in double precision. */
    public static double[] columnMeans(FloatMatrix x) {
        double[] mean = new double[x.cols()];
        int d = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x.data()[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= Math.max(1, x.rows());
        }
        return mean;
    }

    /** x − μ row by row (a new matrix); {@code mean == null} copies. */
    public static FloatMatrix centred(FloatMatrix x, float[] mean) {
        float[] out = x.data().clone();
        if (mean != null) {
            int d = x.cols();
            for (int i = 0; i < x.rows(); i++) {
                for (int j = 0; j < d; j++) {
                    out[i * d + j] -= mean[j];
                }
            }
        }
        return new FloatMatrix(x.rows(), x.cols(), out);
    }

    static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** ‖a − b‖_F / ‖a‖_F (0 when both are zero). */
    static double relativeChange(float[] updated, float[] previous) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < updated.length; i++) {
            double diff = updated[i] - previous[i];
            num += diff * diff;
            den += (double) updated[i] * updated[i];
        }
        return den == 0 ? (num == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(num / den);
    }

    /** The provenance every classical learner writes. */
    static Provenance provenance(String learner, RunContext context, ActivationSource source,
                                 Map<String, Object> metrics, long startNanos) {
        return Provenance.builder().setLearner(learner).optSeed(context.seed()).optDevice("cpu")
                .optSource(source.describe()).optMetrics(metrics)
                .optTrainingSeconds((System.nanoTime() - startNanos) / 1e9).build();
    }
}
