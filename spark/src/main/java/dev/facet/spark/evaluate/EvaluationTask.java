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
import java.util.Arrays;
import java.util.List;

/**
 * One task of the evaluation: the shards of one partition (consecutive shards) encoded and decoded by the
 * executor's copy of the dictionary, in batches, into the evaluators of the scored and the held-out rows.
 *
 * @param worker          opens the dictionary's learner (its plugins) on the executor
 * @param learner         the learner that loads the dictionary
 * @param dictionary      the dictionary directory, read at this path on every worker
 * @param shards          reads the store's shards
 * @param dim             the store's row width
 * @param concepts        the dictionary's concepts
 * @param batch           rows encoded at a time
 * @param correlationRows rows of the pass's first batch, returned for the codes correlation
 */
record EvaluationTask(WorkerSpec worker, String learner, String dictionary, StoreShards shards, int dim,
                      int concepts, int batch, long correlationRows) implements Serializable {

    /**
     * What one partition measured.
     *
     * @param scored    the evaluator of its scored rows
     * @param heldOut   the evaluator of its held-out rows, or {@code null} when nothing is held out
     * @param firstRows its rows among the first {@code correlationRows} scored rows of the pass, row-major
     */
    record Part(StreamingEvaluator scored, StreamingEvaluator heldOut, float[] firstRows) implements Serializable {
    }

    /** Evaluates the shards of one partition. */
    Part run(List<ShardWork> work) {
        StreamingEvaluator scored = new StreamingEvaluator(dim, concepts);
        StreamingEvaluator heldOut = work.get(0).heldOut() == null ? null : new StreamingEvaluator(dim, concepts);
        float[] firstRows = new float[0];
        try (ExecutorResources.Lease<Dictionary> lease = ExecutorResources.dictionary(worker, learner, dictionary)) {
            for (ShardWork shard : work) {
                FloatMatrix all = shards.read(shard.shard());
                FloatMatrix rows = ImageSubset.keptRows(all, shard.imageRows(), shard.scoredImages())
                        .rows(0, shard.take());
                pass(lease.get(), rows, shard.firstRow(), scored);
                if (shard.firstRow() < correlationRows) {
                    int first = (int) Math.min(shard.take(), correlationRows - shard.firstRow());
                    firstRows = concat(firstRows, rows.rows(0, first).data());
                }
                if (heldOut != null) {
                    pass(lease.get(), ImageSubset.keptRows(all, shard.imageRows(), shard.heldOut())
                            .rows(0, shard.heldTake()), shard.heldFirstRow(), heldOut);
                }
            }
        }
        return new Part(scored, heldOut, firstRows);
    }

    /** Encodes, decodes and adds {@code rows} in batches; {@code firstRow} is their first row's index in the pass. */
    private void pass(Dictionary dictionary, FloatMatrix rows, long firstRow, StreamingEvaluator evaluator) {
        for (int from = 0; from < rows.rows(); from += batch) {
            FloatMatrix x = rows.rows(from, Math.min(rows.rows(), from + batch));
            Codes codes = dictionary.encode(x);
            FloatMatrix xHat = dictionary.decode(codes);
            DictionaryEvaluation.requireFiniteOutput(learner, codes, xHat, firstRow + from);
            evaluator.add(x, codes, xHat);
        }
    }

    /** {@code a} followed by {@code b}. */
    static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
