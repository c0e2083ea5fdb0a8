package dev.facet.spark.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.json.StrictJson;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.ReportSettings;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.pipeline.scan.ConceptActivity;
import dev.facet.pipeline.scan.LocalConceptScanner;
import dev.facet.pipeline.scan.TopImages;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spark.SharedSpark;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.run.RunContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concept scan on Spark (local[2], 200 bundled Fashion-MNIST images in 3 partitions, the tiny ViT at
 * layer 3, a TopK dictionary of 16 concepts) finds the top images (ids, scores, maps) and the activity counts,
 * maxima and histograms of the single-machine scan exactly, and the atlas written with it has the same
 * concepts.json (energies, from summed codes, within 1e-12 relative).
 */
class SparkConceptScannerTest {

    @TempDir
    Path dir;

    @Test
    void scanAndAtlasEqualTheSingleMachineOnes() {
        SharedSpark.context();
        PipelineConfig.Backbone section = new PipelineConfig.Backbone("onnx", "tiny-vit-fmnist", null, Device.CPU, "3",
                TokenSelection.PATCH, Map.of(), null);
        PipelineConfig.Images images = new PipelineConfig.Images(BundledModels.fashionMnistImages(), 200, 32, 1,
                ImageLimits.DEFAULT_MAX_PIXELS);
        Path store = dir.resolve("store");
        Path dictionary = dir.resolve("dictionary");
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Stages stages = new Stages(plugins.registry(), ProgressListener.silent(), message -> { });
            stages.extract(section, images, new PipelineConfig.Extract(StoreDtype.FLOAT32, 4096, false), store);
            stages.train(new PipelineConfig.Learner("topk", Map.of("concepts", 16, "k", 2, "epochs", 1)), store,
                    dictionary, 7, 0).close();
            DistributedRun run = new DistributedRun(SharedSpark.config(3), List.of(), ProgressListener.silent(),
                    message -> { });
            SparkConceptScanner spark = new SparkConceptScanner(run, section, images, null, dictionary);
            RunContext context = RunContext.builder().setOutputDirectory(dir).build();
            try (Backbone backbone = stages.openBackbone(section); Dictionary loaded = stages.load(null, dictionary)) {
                TopImages localTop = top();
                ConceptActivity localActivity = ConceptActivity.create(16);
                int[] localSeen = LocalConceptScanner.builder().setBackbone(backbone).setHookPoint(section.hookPoint())
                        .setDictionary(loaded).setImages(Stages.images(images)).optBatchSize(32).optThreads(1).build()
                        .scan(localTop, localActivity, context);
                TopImages sparkTop = top();
                ConceptActivity sparkActivity = ConceptActivity.create(16);
                int[] sparkSeen = spark.scan(sparkTop, sparkActivity, context);
                assertArrayEquals(localSeen, sparkSeen);
                assertEquals(200, sparkSeen.length);
                assertEquals(localActivity.tokens(), sparkActivity.tokens());
                int fired = 0;
                for (int c = 0; c < 16; c++) {
                    assertEquals(localTop.top(c), sparkTop.top(c), "top images of concept " + c);
                    assertEquals(localActivity.firing(c), sparkActivity.firing(c));
                    assertEquals(localActivity.maxCode(c), sparkActivity.maxCode(c));
                    assertEquals(localActivity.histogram(c), sparkActivity.histogram(c));
                    assertEquals(localActivity.meanCode(c), sparkActivity.meanCode(c),
                            1e-12 * Math.abs(localActivity.meanCode(c)));
                    fired += localTop.top(c).isEmpty() ? 0 : 1;
                }
                assertTrue(fired > 1, "concepts with top images: " + fired);

                Path localAtlas = dir.resolve("atlas-local");
                Path sparkAtlas = dir.resolve("atlas-spark");
                ReportSettings settings = ReportSettings.defaults();
                stages.write(stages.report(backbone, section, images, loaded, "topk", dictionary, settings).build(),
                        localAtlas, 1L);
                Stages onSpark = stages.distributed(SharedSpark.config(3), List.of(), "spark.master");
                stages.write(onSpark.report(backbone, section, images, loaded, "topk", dictionary, settings).build(),
                        sparkAtlas, 1L);
                assertSameJson(StrictJson.readArtifact(localAtlas.resolve("concepts.json"), null),
                        StrictJson.readArtifact(sparkAtlas.resolve("concepts.json"), null), "concepts.json");
            }
        }
    }

    private static TopImages top() {
        return TopImages.builder().setConcepts(16).setK(8).build();
    }

    /** Equal JSON, but for non-integral numbers under "energy", which may differ by 1e-12 relative. */
    private static void assertSameJson(JsonNode expected, JsonNode actual, String where) {
        if (expected.isFloatingPointNumber() && where.endsWith("energy")) {
            assertEquals(expected.asDouble(), actual.asDouble(), 1e-12 * Math.abs(expected.asDouble()), where);
        } else if (expected.isObject()) {
            assertEquals(names(expected), names(actual), where);
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                assertSameJson(expected.get(key), actual.get(key), where + "." + key);
            }
        } else if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), where);
            for (int i = 0; i < expected.size(); i++) {
                assertSameJson(expected.get(i), actual.get(i), where + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
