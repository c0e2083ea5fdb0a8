package dev.facet.dictionaries.metrics;

import dev.facet.spi.ConfigException;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * One sequential pass of an activation source through a dictionary (encode, decode) into a
 * {@link StreamingEvaluator}: the metrics of docs/algorithms.md#metrics as {@code facet eval} measures
 * them. Training calls it on its own rows with the final model, so the dead fraction it records is the
 * one {@code facet eval} finds on those rows.
 */
public final class DictionaryPass {

    /** Rows encoded at a time unless told otherwise (the default of {@code facet eval --batch}). */
    public static final int DEFAULT_BATCH = 4096;

    /** Sees each batch before it is added, e.g. to check it or to report progress. */
    @FunctionalInterface
    public interface BatchObserver {
        /** Nothing to see. */
        BatchObserver NONE = (x, codes, xHat, firstRow) -> { };

        /**
         * @param firstRow the index, among the rows of the pass, of the batch's first row
         */
        void accept(FloatMatrix x, Codes codes, FloatMatrix xHat, long firstRow);
    }

    private DictionaryPass() {
    }

    /**
     * The metrics of {@code dictionary} on the first {@code limitRows} rows of {@code data}, visited
     * in order in batches of {@code batch} rows.
     *
     * @param limitRows rows to evaluate, {@code 0} for all
     */
    public static StreamingEvaluator.Evaluation evaluate(Dictionary dictionary, ActivationSource data, long limitRows,
                                                         int batch, BatchObserver observer) {
        if (limitRows < 0) {
            throw ConfigException.outOfRange("evaluation row limit", limitRows, ">= 0 (0 = all rows)");
        }
        if (batch < 1) {
            throw ConfigException.outOfRange("evaluation batch", batch, ">= 1");
        }
        long limit = limitRows == 0 ? data.rows() : Math.min(limitRows, data.rows());
        StreamingEvaluator evaluator = new StreamingEvaluator(data.dim(), dictionary.info().concepts());
        try (BatchStream batches = data.openBatches((int) Math.min(batch, Math.max(1, limit)), false, 0)) {
            while (evaluator.rows() < limit && batches.hasNext()) {
                FloatMatrix x = batches.next();
                long left = limit - evaluator.rows();
                if (x.rows() > left) {
                    x = x.rows(0, (int) left);
                }
                Codes codes = dictionary.encode(x);
                FloatMatrix xHat = dictionary.decode(codes);
                observer.accept(x, codes, xHat, evaluator.rows());
                evaluator.add(x, codes, xHat);
            }
        }
        return evaluator.result();
    }
}
