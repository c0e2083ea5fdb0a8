package dev.facet.spark.evaluate;

import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.extractors.store.ImageSubset;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.spark.ExecutorResources;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.Serializable;
import java.util.List;

/**
 * One task of the evaluation: some consecutive batches of the single-machine passes (the same rows in the same
 * batches, so every code is the one a single pass computes), encoded and decoded by the executor's copy of the
 * dictionary into the evaluators of the scored and the held-out rows.
 *
 * @param worker     opens the dictionary's learner (its plugins) on the executor
 * @param learner    the learner that loads the dictionary
 * @param dictionary the dictionary directory, read at this path on every worker
 * @param shards     reads the store's shards
 * @param dim        the store's row width
 * @param concepts   the dictionary's concepts
 * @param heldOut    whether images are held out (a second pass scores them)
 */
record EvaluationTask(WorkerSpec worker, String learner, String dictionary, StoreShards shards, int dim,
                      int concepts, boolean heldOut) implements Serializable {

    /**
     * One batch of a pass.
     *
     * @param held     whether it is a batch of the held-out pass
     * @param firstRow index of its first row among the rows of the pass
     * @param rows     its rows
     */
    record Batch(boolean held, long firstRow, int rows) implements Serializable {
    }

    /**
     * The batches of one task and the shards that hold their rows, in store order.
     */
    record Partition(List<Batch> batches, List<ShardWork> shards) implements Serializable {
    }

    /**
     * What one task measured.
     *
     * @param scored          the evaluator of its scored rows
     * @param held            the evaluator of its held-out rows, or {@code null} when nothing is held out
     * @param correlation     the codes correlation when it ran the scored pass's first batch, else NaN
     * @param correlationRows the rows of that batch when measured, else 0
     */
    record Part(StreamingEvaluator scored, StreamingEvaluator held, double correlation, long correlationRows)
            implements Serializable {
    }

    /** Evaluates the batches of one partition. */
    Part run(Partition partition) {
        StreamingEvaluator scored = new StreamingEvaluator(dim, concepts);
        StreamingEvaluator held = heldOut ? new StreamingEvaluator(dim, concepts) : null;
        DictionaryEvaluation.CodesCorrelation correlation = DictionaryEvaluation.CodesCorrelation.NONE;
        Rows rows = new Rows();
        try (ExecutorResources.Lease<Dictionary> lease = ExecutorResources.dictionary(worker, learner, dictionary)) {
            for (Batch batch : partition.batches()) {
                FloatMatrix x = rows.of(batch, partition.shards());
                Codes codes = lease.get().encode(x);
                FloatMatrix xHat = lease.get().decode(codes);
                DictionaryEvaluation.requireFiniteOutput(learner, codes, xHat, batch.firstRow());
                (batch.held() ? held : scored).add(x, codes, xHat);
                if (!batch.held() && batch.firstRow() == 0) {
                    correlation = DictionaryEvaluation.CodesCorrelation.of(concepts, codes);
                }
            }
        }
        return new Part(scored, held, correlation.max(), correlation.rows());
    }

    /** Gathers a batch's rows from the shards, keeping the last shard read (its rows of each pass) for the next batch. */
    private final class Rows {
        private int shard = -1;
        private FloatMatrix all;
        private final FloatMatrix[] passes = new FloatMatrix[2];

        FloatMatrix of(Batch batch, List<ShardWork> work) {
            float[] x = new float[Math.multiplyExact(batch.rows(), dim)];
            for (ShardWork w : work) {
                if (!w.overlaps(batch.held(), batch.firstRow(), batch.rows())) {
                    continue;
                }
                if (w.shard() != shard) {
                    all = shards.read(w.shard());
                    shard = w.shard();
                    passes[0] = null;
                    passes[1] = null;
                }
                int p = batch.held() ? 1 : 0;
                if (passes[p] == null) {
                    passes[p] = ImageSubset.keptRows(all, w.imageRows(), w.images(batch.held()));
                }
                FloatMatrix pass = passes[p];
                long first = w.first(batch.held());
                long from = Math.max(first, batch.firstRow());
                long to = Math.min(first + w.rows(batch.held()), batch.firstRow() + batch.rows());
                System.arraycopy(pass.data(), (int) (from - first) * dim, x, (int) (from - batch.firstRow()) * dim,
                        (int) (to - from) * dim);
            }
            return new FloatMatrix(batch.rows(), dim, x);
        }
    }
}
