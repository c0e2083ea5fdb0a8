package dev.facet.spark.evaluate;

import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.spark.SparkContexts;
import dev.facet.spark.Scratch;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The evaluation of a dictionary over an activation store as a Spark job (docs/spark.md#evaluation-on-spark):
 * the batches of the single-machine passes (the same rows in the same batches) are split into partitions of
 * consecutive batches, each task reads the shards that hold its batches' rows, streams them through the
 * executor's copy of the dictionary into a {@link StreamingEvaluator}, and the driver merges the evaluators
 * in partition order. The metrics are those {@link Stages#evaluate} writes: the held-out split is made again
 * from the dictionary's provenance, the row limit takes the first rows in store order, the codes correlation
 * uses the pass's first batch, and collinearity and energy are computed on the driver. As every batch is the
 * single pass's, every code is too: counts (rows, L0, firings, dead codes) and the correlation are exact, sums
 * differ from a single pass by the order of their additions only.
 */
public final class SparkEvaluation {

    private SparkEvaluation() {
    }

    /**
     * Evaluates the dictionary in {@code dictionary} (a folder every worker reads at this path) over the store
     * at {@code store} (a path or a Hadoop URI) and writes {@code metrics}.
     *
     * @param learner the learner that loads the dictionary, or {@code null} for the one its config names
     */
    public static DictionaryEvaluation.Result run(DistributedRun run, String learner, Path dictionary, String store,
                                                  PipelineConfig.Evaluate evaluate, Path metrics) {
        String id = Stages.learnerOf(learner, dictionary);
        WorkerSpec worker = WorkerSpec.pluginsOnly(run.pluginDirectories());
        long started = System.nanoTime();
        Path scratch = Scratch.create("facet-evaluate-");
        try (SparkContexts.Handle handle = SparkContexts.open(run.spark(), "facet evaluate");
             Dictionary loaded = worker.registry().learner(id).load(dictionary)) {
            JavaSparkContext sc = handle.context();
            StoreShards shards = StoreShards.of(store, sc.hadoopConfiguration());
            ActivationStore data = shards.index(scratch);
            DictionaryEvaluation.requireWidth(loaded, id, data);
            HeldOutSplit split = Stages.recordedSplit(dictionary, data, run.messages());
            List<ShardWork> shardWork = ShardWork.plan(data, split);
            List<EvaluationTask.Batch> batches = new ArrayList<>(batches(false, shardWork, evaluate));
            if (split != null) {
                batches.addAll(batches(true, shardWork, evaluate));
            }
            int concepts = loaded.info().concepts();
            EvaluationTask task = new EvaluationTask(worker, id, dictionary.toAbsolutePath().toString(), shards,
                    data.dim(), concepts, split != null);
            List<EvaluationTask.Part> parts = runParts(sc, partitions(batches, shardWork,
                    handle.partitions(batches.size())), task, run);
            StreamingEvaluator scored = new StreamingEvaluator(data.dim(), concepts);
            StreamingEvaluator heldOut = split == null ? null : new StreamingEvaluator(data.dim(), concepts);
            DictionaryEvaluation.CodesCorrelation correlation = DictionaryEvaluation.CodesCorrelation.NONE;
            for (EvaluationTask.Part part : parts) {
                scored.merge(part.scored());
                if (heldOut != null) {
                    heldOut.merge(part.held());
                }
                if (part.correlationRows() > 0) {
                    correlation = new DictionaryEvaluation.CodesCorrelation(part.correlation(), part.correlationRows());
                }
            }
            DictionaryEvaluation.Result result = DictionaryEvaluation.finish(loaded, id, scored.result(),
                    correlation,
                    (System.nanoTime() - started) / 1e9);
            if (heldOut != null) {
                result = result.withHeldOut(DictionaryEvaluation.finishHeldOut(id, heldOut.result()), split.describe(),
                        0);
            }
            result.write(metrics, dictionary, store);
            return result;
        } finally {
            Scratch.remove(scratch);
        }
    }

    /**
     * The batches of one pass as {@link dev.facet.dictionaries.metrics.DictionaryPass} makes them: the first
     * {@code limit_rows} rows of the pass (all for 0) in store order, in batches of {@code batch} rows.
     */
    static List<EvaluationTask.Batch> batches(boolean held, List<ShardWork> shards, PipelineConfig.Evaluate evaluate) {
        long rows = 0;
        for (ShardWork shard : shards) {
            rows += shard.rows(held);
        }
        long limit = evaluate.limitRows() == 0 ? rows : Math.min(evaluate.limitRows(), rows);
        int size = (int) Math.min(evaluate.batch(), Math.max(1, limit));
        List<EvaluationTask.Batch> out = new ArrayList<>();
        for (long from = 0; from < limit; from += size) {
            out.add(new EvaluationTask.Batch(held, from, (int) Math.min(size, limit - from)));
        }
        return out;
    }

    /** {@code count} runs of consecutive batches, each with the shards that hold its rows. */
    private static List<EvaluationTask.Partition> partitions(List<EvaluationTask.Batch> batches,
                                                             List<ShardWork> shards, int count) {
        List<EvaluationTask.Partition> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<EvaluationTask.Batch> group = new ArrayList<>(batches.subList(
                    (int) ((long) p * batches.size() / count), (int) ((long) (p + 1) * batches.size() / count)));
            if (group.isEmpty()) {
                continue;
            }
            List<ShardWork> needed = shards.stream().filter(shard -> group.stream()
                    .anyMatch(b -> shard.overlaps(b.held(), b.firstRow(), b.rows()))).toList();
            out.add(new EvaluationTask.Partition(group, new ArrayList<>(needed)));
        }
        return out;
    }

    /** The partitions' results, in partition order. */
    private static List<EvaluationTask.Part> runParts(JavaSparkContext sc, List<EvaluationTask.Partition> partitions,
                                                      EvaluationTask task, DistributedRun run) {
        if (partitions.isEmpty()) {
            return List.of();
        }
        try (ProgressTask progress = run.progress().start("evaluation", partitions.size(), "partitions")) {
            List<EvaluationTask.Part> parts = sc.parallelize(partitions, partitions.size()).map(task::run).collect();
            progress.advance(partitions.size());
            run.messages().accept("Evaluation: " + partitions.size() + " partitions of batches");
            return parts;
        }
    }
}
