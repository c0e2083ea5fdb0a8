package dev.facet.spark.evaluate;

import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.spark.SparkContexts;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The evaluation of a dictionary over an activation store as a Spark job (docs/spark.md#evaluation-on-spark):
 * the store's shards are split into partitions of consecutive shards, each task streams its shards through
 * the executor's copy of the dictionary into a {@link StreamingEvaluator}, and the driver merges the
 * evaluators in partition order. The metrics are those {@link Stages#evaluate} writes: the held-out split is
 * made again from the dictionary's provenance, the row limit takes the first rows in store order, the codes
 * correlation uses the pass's first batch, and collinearity and energy are computed on the driver. Counts
 * (rows, L0, firings, dead codes) are exact; sums differ from a single pass by rounding only.
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
        WorkerSpec worker = pluginsOnly(run);
        long started = System.nanoTime();
        Path scratch = StoreShards.scratch("facet-evaluate-");
        try (SparkContexts.Handle handle = SparkContexts.open(run.spark(), "facet evaluate");
             Dictionary loaded = worker.registry().learner(id).load(dictionary)) {
            JavaSparkContext sc = handle.context();
            StoreShards shards = StoreShards.of(store, sc.hadoopConfiguration());
            ActivationStore data = shards.index(scratch);
            DictionaryEvaluation.requireWidth(loaded, id, data);
            HeldOutSplit split = Stages.recordedSplit(dictionary, data, run.messages());
            List<ShardWork> work = ShardWork.plan(data, split, evaluate.limitRows());
            long scoredRows = split == null ? data.rows() : split.training().rows();
            long limit = evaluate.limitRows() == 0 ? scoredRows : Math.min(evaluate.limitRows(), scoredRows);
            EvaluationTask task = new EvaluationTask(worker, id, dictionary.toAbsolutePath().toString(), shards,
                    data.dim(), loaded.info().concepts(), evaluate.batch(), Math.min(evaluate.batch(), limit));
            List<EvaluationTask.Part> parts = runParts(sc, handle.partitions(work.size()), work, task, run);
            StreamingEvaluator scored = new StreamingEvaluator(data.dim(), loaded.info().concepts());
            StreamingEvaluator heldOut = split == null ? null : new StreamingEvaluator(data.dim(),
                    loaded.info().concepts());
            float[] firstRows = new float[0];
            for (EvaluationTask.Part part : parts) {
                scored.merge(part.scored());
                if (heldOut != null) {
                    heldOut.merge(part.heldOut());
                }
                firstRows = EvaluationTask.concat(firstRows, part.firstRows());
            }
            DictionaryEvaluation.Result result = DictionaryEvaluation.finish(loaded, id, scored.result(),
                    correlation(loaded, firstRows, data.dim()),
                    (System.nanoTime() - started) / 1e9);
            if (heldOut != null) {
                result = result.withHeldOut(DictionaryEvaluation.finishHeldOut(id, heldOut.result()), split.describe(),
                        0);
            }
            result.write(metrics, dictionary, store);
            return result;
        } finally {
            StoreShards.removeScratch(scratch);
        }
    }

    /** The partitions' results, in partition order: {@code partitions} groups of consecutive shards. */
    private static List<EvaluationTask.Part> runParts(JavaSparkContext sc, int partitions, List<ShardWork> work,
                                                      EvaluationTask task, DistributedRun run) {
        List<List<ShardWork>> groups = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<ShardWork> group = new ArrayList<>(work.subList(p * work.size() / partitions,
                    (p + 1) * work.size() / partitions));
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        if (groups.isEmpty()) {
            return List.of();
        }
        try (ProgressTask progress = run.progress().start("evaluation", groups.size(), "partitions")) {
            List<EvaluationTask.Part> parts = sc.parallelize(groups, groups.size()).map(task::run).collect();
            progress.advance(groups.size());
            run.messages().accept("Evaluation: " + work.size() + " shards in " + groups.size() + " partitions");
            return parts;
        }
    }

    /** The spec of a pass that opens no backbone: only the plugins, for the dictionary's learner. */
    private static WorkerSpec pluginsOnly(DistributedRun run) {
        return new WorkerSpec(null, null, null, null, null, null, Map.of(), null,
                run.pluginDirectories().stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /** The codes correlation of the first batch's rows, encoded together as the single pass encodes them. */
    private static DictionaryEvaluation.CodesCorrelation correlation(Dictionary dictionary, float[] rows, int dim) {
        if (rows.length < 2 * dim) {
            return DictionaryEvaluation.CodesCorrelation.NONE;
        }
        return DictionaryEvaluation.CodesCorrelation.of(dictionary.info().concepts(),
                dictionary.encode(new FloatMatrix(rows.length / dim, dim, rows)));
    }
}
