package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every stage's settings are checked before the first stage runs. */
class PipelineSettingsCheckTest {
    @TempDir
    Path dir;

    private PipelineConfig config(Map<String, Object> learner, Map<String, Object> report) throws Exception {
        return config("onnx", learner, report);
    }

    private PipelineConfig config(String backbone, Map<String, Object> learner, Map<String, Object> report)
            throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("output", "run");
        root.put("backbone", Map.of("id", backbone, "model", "tiny-vit-fmnist", "layer", "3"));
        root.put("images", Map.of("path", "images"));
        root.put("learner", learner);
        root.put("report", report);
        return PipelineConfig.of("test", root, dir);
    }

    @Test
    void everyBadSettingOfEveryStageIsReportedBeforeTheExtractionRuns() throws Exception {
        PipelineConfig config = config(Map.of("id", "topk", "concepts", 64, "k", 4, "sparsifier", "jumprelu"),
                Map.of("attribution", Map.of("id", "occlusion", "window", -3),
                        "visualizers", List.of(Map.of("id", "no-such-visualizer"))));
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            PipelineRunner runner = PipelineRunner.builder().setConfig(config).setRegistry(plugins.registry()).build();
            ConfigException e = assertThrows(ConfigException.class, runner::run);
            String message = e.getMessage();
            assertTrue(message.contains("nothing was run"), message);
            assertTrue(message.contains("sparsifier"), message);
            assertTrue(message.contains("window"), message);
            assertTrue(message.contains("no-such-visualizer"), message);
            assertFalse(Files.exists(PipelineRunner.store(config.output())), "the extraction did not start");
        }
    }

    @Test
    void validSettingsPassIncludingAnAttentionEncoderWhoseTokensComeFromTheStore() throws Exception {
        PipelineConfig config = config(Map.of("id", "topk", "concepts", 64, "k", 4, "encoder", "attention"),
                Map.of("attribution", Map.of("id", "occlusion")));
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            try {
                new Stages(plugins.registry(), dev.facet.spi.run.ProgressListener.silent(), text -> { })
                        .requireValidSettings(config);
            } catch (FacetException e) {
                throw new AssertionError("valid settings refused: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void aGradientAttributionOfConceptsNeedsInputAndEncoderGradientsBeforeAnythingRuns() throws Exception {
        Map<String, Object> saliency = Map.of("attribution", Map.of("id", "saliency"));
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Stages stages = new Stages(plugins.registry(), dev.facet.spi.run.ProgressListener.silent(), text -> { });
            ConfigException refused = assertThrows(ConfigException.class, () -> stages.requireValidSettings(
                    config("onnx", Map.of("id", "kmeans", "concepts", 8), saliency)));
            String message = refused.getMessage();
            assertTrue(message.contains("report attribution 'saliency' of a concept requires [INPUT_GRADIENTS] but "
                    + "backbone 'onnx'"), message);
            stages.requireValidSettings(config("torchscript", Map.of("id", "topk", "concepts", 64, "k", 4), saliency));
            ConfigException kmeans = assertThrows(ConfigException.class, () -> stages.requireValidSettings(
                    config("torchscript", Map.of("id", "kmeans", "concepts", 8), saliency)));
            assertTrue(kmeans.getMessage().contains("report attribution 'saliency' of a concept requires "
                    + "[ENCODER_GRADIENTS] but learner 'kmeans' provides [STREAMING_FIT]; missing [ENCODER_GRADIENTS]"),
                    kmeans.getMessage());
        }
    }
}
