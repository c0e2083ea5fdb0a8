package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.report.atlas.AtlasConcept;
import dev.facet.spi.ConfigException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with {@code report.visualizers [{id: maco}]}: on the TorchScript tiny ViT (input gradients)
 * every drawn concept of the atlas gets its MACO image, transparency and product; on the ONNX one (no
 * input gradients) the run is refused before the extraction, naming the visualizer, the missing
 * capability and the backbone.
 */
class FeatureVisualizationStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DRAWN = 3;

    @TempDir
    Path dir;

    private PipelineConfig config(String backbone, String learner) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("output", "run");
        root.put("backbone", Map.of("id", backbone, "model", "tiny-vit-fmnist", "layer", "3"));
        root.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", 120, "batch", 40));
        root.put("learner", "topk".equals(learner) ? Map.of("id", learner, "concepts", 16, "k", 4, "epochs", 2)
                : Map.of("id", learner, "concepts", 8));
        root.put("report", Map.of("top_images", 4, "max_concepts", DRAWN, "nearest", 0,
                "visualizers", List.of(Map.of("id", "maco", "steps", 8, "crops", 4, "batch_size", 4))));
        return PipelineConfig.of("test", root, dir);
    }

    @Test
    void everyDrawnConceptOfTheAtlasHasItsMacoVisualization() throws IOException {
        PipelineConfig config = config("torchscript", "topk");
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            PipelineRunner.builder().setConfig(config).setRegistry(plugins.registry()).build().run();
        }
        Path atlas = PipelineRunner.atlas(config.output());
        int drawn = 0;
        for (JsonNode concept : JSON.readTree(atlas.resolve("concepts.json").toFile()).get("concepts")) {
            if (concept.get("topGrid").isNull()) {
                assertTrue(concept.get("extras").isEmpty(), "an undrawn concept has no visualization");
                continue;
            }
            drawn++;
            JsonNode extras = concept.get("extras");
            assertEquals(3, extras.size(), extras.toString());
            List<String> kinds = List.of(AtlasConcept.Picture.FEATURE_IMAGE, AtlasConcept.Picture.FEATURE_TRANSPARENCY,
                    AtlasConcept.Picture.FEATURE_PRODUCT);
            for (int i = 0; i < 3; i++) {
                assertEquals("maco", extras.get(i).get("caption").asText());
                assertEquals(kinds.get(i), extras.get(i).get("kind").asText());
                BufferedImage picture = ImageIO.read(atlas.resolve(extras.get(i).get("path").asText()).toFile());
                assertNotNull(picture, extras.get(i).toString());
                assertEquals(28, picture.getWidth(), "the model's input size");
            }
        }
        assertEquals(DRAWN, drawn);
    }

    @Test
    void macoOnABackboneWithoutInputGradientsIsRefusedBeforeTheExtraction() {
        assertRefused(config("onnx", "topk"), "report visualizer 'maco' requires [INPUT_GRADIENTS] but backbone "
                + "'onnx' provides [FORWARD, RESUME_FROM_HOOK]; missing [INPUT_GRADIENTS]");
        assertRefused(config("torchscript", "kmeans"), "report visualizer 'maco' requires [ENCODER_GRADIENTS] but "
                + "learner 'kmeans' provides [STREAMING_FIT]; missing [ENCODER_GRADIENTS]");
    }

    private void assertRefused(PipelineConfig config, String message) {
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> PipelineRunner.builder().setConfig(config).setRegistry(plugins.registry()).build().run());
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
        assertFalse(Files.exists(PipelineRunner.store(config.output())), "the extraction did not start");
    }
}
