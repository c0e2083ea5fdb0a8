package dev.facet.spark.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.json.StrictJson;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spark.SharedSpark;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation on Spark (local[2], shards in 3 partitions) writes the metrics the single-machine evaluate
 * stage writes: counts exactly, sums within 1e-12 relative; with held-out images, a row limit that cuts a shard
 * and a first batch that spans shards, and without any held out.
 */
class SparkEvaluationTest {

    private static final int DIM = 8;
    /** Counts, lists of counts and values computed from the same rows in the same batch: equal exactly. */
    private static final Set<String> EXACT = Set.of("rows", "dim", "concepts", "l0", "dead_count", "dead_fraction",
            "dead_codes", "density", "density_histogram", "codes_max_correlation", "codes_correlation_rows",
            "rows_scored", "holdout", "learner", "store", "dictionary");

    @TempDir
    Path dir;

    /** 40 images of 3 to 6 rows (padding dropped) in shards of 24 rows. */
    private static Path store(Path path) {
        StoreMetadata metadata = new StoreMetadata("pad-model", "layer.1", "patch", 6, DIM, StoreDtype.FLOAT32, 24,
                Map.of("resize", "pad"), true);
        SplittableRandom random = new SplittableRandom(5);
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(path, metadata)) {
            for (int i = 0; i < 40; i++) {
                int rows = 3 + i % 4;
                float[] values = new float[rows * DIM];
                for (int v = 0; v < values.length; v++) {
                    values[v] = (float) (3 + random.nextGaussian());
                }
                writer.append("image-" + i, new FloatMatrix(rows, DIM, values));
            }
            writer.finish();
        }
        return path;
    }

    @Test
    void metricsEqualTheSingleMachineEvaluation() {
        SharedSpark.context();
        Path store = store(dir.resolve("store"));
        List<String> messages = new ArrayList<>();
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Stages stages = new Stages(plugins.registry(), ProgressListener.silent(), messages::add);
            PipelineConfig.Learner learner = new PipelineConfig.Learner("topk",
                    Map.of("concepts", 48, "k", 2, "epochs", 2, "batch_size", 16));
            for (double holdout : new double[] {0.1, 0}) {
                Path dictionary = dir.resolve("dictionary-" + holdout);
                try (Dictionary trained = stages.train(learner, store, dictionary, 3, holdout)) {
                    assertEquals(48, trained.info().concepts());
                }
                for (PipelineConfig.Evaluate evaluate : List.of(new PipelineConfig.Evaluate(0, 4096, false, holdout),
                        new PipelineConfig.Evaluate(100, 32, false, holdout))) {
                    String what = "holdout " + holdout + ", " + evaluate;
                    Path local = dir.resolve("local.json");
                    Path spark = dir.resolve("spark.json");
                    stages.evaluate(null, dictionary, store, evaluate, local);
                    DictionaryEvaluation.Result result = SparkEvaluation.run(new DistributedRun(SharedSpark.config(3),
                            List.of(), ProgressListener.silent(), messages::add), null, dictionary, store.toString(),
                            evaluate, spark);
                    JsonNode expected = StrictJson.readArtifact(local, null);
                    JsonNode actual = StrictJson.readArtifact(spark, null);
                    assertEquals(holdout > 0, actual.has("held_out"), what);
                    assertEquals(evaluate.limitRows() == 0 ? null : 100L,
                            evaluate.limitRows() == 0 ? null : result.metrics().rows(), what);
                    assertTrue(expected.path("codes_correlation_rows").asLong() >= 2, what);
                    assertSameMetrics(expected, actual, what);
                }
            }
        }
    }

    /** Every key of the single-machine file, exact where listed, else within 1e-12 relative; seconds aside. */
    private static void assertSameMetrics(JsonNode expected, JsonNode actual, String where) {
        assertEquals(names(expected), names(actual), where);
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode e = expected.get(key);
            JsonNode a = actual.get(key);
            if (key.equals("seconds")) {
                continue;
            }
            if (key.equals("held_out")) {
                assertSameMetrics(e, a, where + ", held_out");
            } else if (EXACT.contains(key) || !e.isNumber() && !e.isArray()) {
                assertEquals(e, a, where + ": " + key);
            } else if (e.isArray()) {
                assertEquals(e.size(), a.size(), where + ": " + key);
                for (int i = 0; i < e.size(); i++) {
                    assertClose(e.get(i).asDouble(), a.get(i).asDouble(), where + ": " + key + "[" + i + "]");
                }
            } else {
                assertClose(e.asDouble(), a.asDouble(), where + ": " + key);
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.abs(expected), what);
        assertFalse(Double.isNaN(actual), what);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
