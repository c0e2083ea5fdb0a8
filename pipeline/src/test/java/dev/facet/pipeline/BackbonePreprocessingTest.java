package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.run.ProgressListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preprocessing settings of a pipeline's backbone section reach the backbone and the store's manifest. */
class BackbonePreprocessingTest {
    @TempDir
    Path dir;

    @Test
    void theStoreRecordsThePreprocessingAfterTheSettingsReplacedTheDescriptorsFields() {
        Map<String, Object> backbone = new LinkedHashMap<>();
        backbone.put("model", "tiny-vit-fmnist");
        backbone.put("layer", "2");
        backbone.put("std", "0.5");
        backbone.put("resize", "pad");
        PipelineConfig config = PipelineConfig.of("test", Map.of("output", "run", "backbone", backbone,
                "images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", 8, "batch", 4),
                "learner", Map.of("id", "pca", "concepts", 4)), dir);
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            new Stages(plugins.registry(), ProgressListener.silent(), text -> { }).extract(config.backbone(),
                    config.images(), config.extract(), dir.resolve("store"));
        }
        Map<String, Object> recorded = ActivationStore.open(dir.resolve("store")).metadata().preprocessing();
        assertEquals(List.of((double) 0.286f), recorded.get("mean"));
        assertEquals(List.of(0.5), recorded.get("std"));
        assertEquals("pad", recorded.get("resize"));
        assertEquals(28, ((Number) recorded.get("height")).intValue());
    }
}
