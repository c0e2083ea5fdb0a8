package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.json.StrictJson;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.report.atlas.AtlasOverview;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train and evaluate stages with held-out images, on a store whose images have different row
 * counts (padding dropped): training leaves whole images out and records the split, evaluation scores
 * the training rows (with the dead fraction training recorded, exactly) and the held-out rows apart,
 * the atlas overview carries both, and a store of other images is scored whole.
 */
class HeldOutEvaluationTest {

    private static final int DIM = 8;

    @TempDir
    Path dir;

    private static Path store(Path path, int images, long seed) {
        StoreMetadata metadata = new StoreMetadata("pad-model", "layer.1", "patch", 6, DIM, StoreDtype.FLOAT32, 24,
                Map.of("resize", "pad"), true);
        SplittableRandom random = new SplittableRandom(seed);
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(path, metadata)) {
            for (int i = 0; i < images; i++) {
                int rows = 3 + i % 4;
                float[] values = new float[rows * DIM];
                for (int v = 0; v < values.length; v++) {
                    values[v] = (float) random.nextGaussian();
                }
                writer.append("seed" + seed + "-image-" + i, new FloatMatrix(rows, DIM, values));
            }
            writer.finish();
        }
        return path;
    }

    @Test
    void trainingHoldsOutWholeImagesAndEvaluationScoresThemApart() {
        Path store = store(dir.resolve("store"), 40, 1);
        Path dictionary = dir.resolve("dictionary");
        Path metrics = dir.resolve("evaluation").resolve("metrics.json");
        List<String> messages = new ArrayList<>();
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Stages stages = new Stages(plugins.registry(), ProgressListener.silent(), messages::add);
            PipelineConfig.Learner learner = new PipelineConfig.Learner("topk",
                    Map.of("concepts", 64, "k", 2, "epochs", 2, "batch_size", 16));
            try (Dictionary trained = stages.train(learner, store, dictionary, 3, 0.1)) {
                assertEquals(64, trained.info().concepts());
            }
            assertTrue(messages.contains("Stage train: 4 of 40 images (" + heldOutRows(store) + " rows) held out of"
                    + " training for evaluation (holdout 0.1)"), messages.toString());
            JsonNode provenance = StrictJson.readArtifact(dictionary.resolve("provenance.json"), null);
            JsonNode holdout = provenance.path("source").path("holdout");
            long storeRows = ActivationStore.open(store).rows();
            assertEquals(4, holdout.path("held_out_images").asInt());
            assertEquals(storeRows, holdout.path("training_rows").asLong() + holdout.path("held_out_rows").asLong());

            DictionaryEvaluation.Result result = stages.evaluate(null, dictionary, store,
                    PipelineConfig.Evaluate.of(ConfigValues.empty()), metrics);
            assertNotNull(result.heldOut());
            assertEquals(holdout.path("training_rows").asLong(), result.metrics().rows());
            assertEquals(holdout.path("held_out_rows").asLong(), result.heldOut().rows());
            JsonNode written = StrictJson.readArtifact(metrics, null);
            assertEquals("training", written.path("rows_scored").asText());
            assertEquals(provenance.path("metrics").path("dead_fraction").asDouble(),
                    written.path("dead_fraction").asDouble(), 0.0);
            assertEquals(result.heldOut().r2(), written.path("held_out").path("r2").asDouble(), 0.0);

            AtlasOverview overview = new OverviewPictures(dir.resolve("atlas")).overview("t", "m", "l", "patch", "topk",
                    64, DIM, 40, metrics, dictionary, new double[64], Map.of());
            assertEquals(result.heldOut().rows(), overview.heldOut().rows());
            assertEquals(result.heldOut().deadFraction(), overview.heldOut().deadFraction(), 0.0);
            assertEquals(result.metrics().r2(), overview.r2(), 0.0);
            assertEquals("4 of 40 (holdout 0.1)", overview.details().get("held-out images"));

            Path other = store(dir.resolve("other"), 10, 2);
            DictionaryEvaluation.Result whole = stages.evaluate(null, dictionary, other,
                    PipelineConfig.Evaluate.of(ConfigValues.empty()), dir.resolve("other.json"));
            assertNull(whole.heldOut(), "another store's images were all unseen: scored whole");
            assertEquals(ActivationStore.open(other).rows(), whole.metrics().rows());
            assertTrue(messages.get(messages.size() - 1).contains("scoring every row"), messages.toString());
            assertFalse(StrictJson.readArtifact(dir.resolve("other.json"), null).has("held_out"));
        }
    }

    private static long heldOutRows(Path store) {
        return dev.facet.extractors.store.HeldOutSplit.of(ActivationStore.open(store), 0.1).heldOut().rows();
    }
}
