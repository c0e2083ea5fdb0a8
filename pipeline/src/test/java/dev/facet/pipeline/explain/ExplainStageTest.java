package dev.facet.pipeline.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.PipelineRunner;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's {@code explain} section: read strictly, and run after the report stage. */
class ExplainStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Map<String, Object> config(Map<String, Object> explain) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("output", "run");
        root.put("backbone", Map.of("model", "tiny-vit-fmnist", "layer", "3"));
        root.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", 40, "batch", 20));
        root.put("learner", Map.of("id", "topk", "concepts", 8, "k", 2, "epochs", 1));
        root.put("report", Map.of("top_images", 2, "max_concepts", 2));
        if (explain != null) {
            root.put("explain", explain);
        }
        return root;
    }

    private PipelineConfig read(Map<String, Object> explain) {
        return PipelineConfig.of("test", config(explain), dir);
    }

    @Test
    void aMissingSectionExplainsNothingAndAGivenOneIsRead() {
        assertNull(read(null).explain());
        ExplainSettings settings = read(Map.of("method", "rise", "options", Map.of("masks", 32),
                "target", Map.of("class", "Coat", "probability", true), "images", "imgs", "limit", 4)).explain();
        assertEquals("rise", settings.method().id());
        assertEquals(Map.of("masks", 32), settings.method().options());
        assertEquals(new ExplainTarget.ClassTarget("Coat", true), settings.target());
        assertEquals(dir.resolve("imgs"), settings.images());
        ExplainSettings top = read(Map.of("method", "occlusion")).explain();
        assertNull(top.images());
        assertNull(top.target());
        assertEquals(8, top.concepts());
    }

    @Test
    void badSectionsAreRefusedNamingTheKey() {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {Map.of("method", "occlusion", "fidelty", true), "fidelty"});
        cases.add(new Object[] {Map.of("images", "top"), "method"});
        cases.add(new Object[] {Map.of("method", "occlusion", "target", Map.of("class", 1)), "\"target\""});
        cases.add(new Object[] {Map.of("method", "occlusion", "images", "x", "target", Map.of("class", 1, "concept", 2)),
                "exactly one of"});
        cases.add(new Object[] {Map.of("method", "occlusion", "images", "x", "target", Map.of("concept", 2,
                "probability", true)), "\"probability\""});
        cases.add(new Object[] {Map.of("method", "occlusion", "images", "x", "target", Map.of("channel", "layer.3")),
                "HOOK:CHANNEL"});
        cases.add(new Object[] {Map.of("method", "occlusion", "images", "x"), "\"target\" is required"});
        cases.add(new Object[] {Map.of("method", "occlusion", "top_images", 0), "top_images"});
        cases.add(new Object[] {Map.of("method", "occlusion", "colormap", "rainbow"), "\"colormap\""});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, Object> section = (Map<String, Object>) c[0];
            ConfigException e = assertThrows(ConfigException.class, () -> read(section), section.toString());
            assertTrue(e.getMessage().contains((String) c[1]), c[1] + " in " + e.getMessage());
        }
    }

    @Test
    void anUnknownMethodOrClassFailsBeforeTheExtraction() {
        assertRefusedBeforeRunning(read(Map.of("method", "no-such-method")), "no-such-method");
        assertRefusedBeforeRunning(read(Map.of("method", "occlusion", "images",
                BundledModels.fashionMnistImages().toString(), "target", Map.of("class", "Sweater"))), "Sweater",
                "4 Coat");
        assertRefusedBeforeRunning(read(Map.of("method", "occlusion", "options", Map.of("window", 0))), "window");
        assertRefusedBeforeRunning(read(Map.of("method", "saliency", "images",
                BundledModels.fashionMnistImages().toString(), "target", Map.of("class", 4))), "explain method 'saliency'",
                "INPUT_GRADIENTS", "backbone 'onnx'");
    }

    private void assertRefusedBeforeRunning(PipelineConfig config, String... named) {
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            ConfigException e = assertThrows(ConfigException.class, () -> PipelineRunner.builder().setConfig(config)
                    .setRegistry(plugins.registry()).build().run());
            for (String name : named) {
                assertTrue(e.getMessage().contains(name), name + " in " + e.getMessage());
            }
        }
        assertTrue(!Files.exists(dir.resolve("run").resolve("store")), "nothing was run");
    }

    @Test
    void theStageExplainsEachDrawnConceptOnItsTopImagesAfterTheReport() throws Exception {
        PipelineConfig config = read(Map.of("method", "occlusion", "options", Map.of("window", 7, "stride", 7),
                "concepts", 2, "top_images", 2));
        List<String> messages = new ArrayList<>();
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            PipelineRunner.builder().setConfig(config).setRegistry(plugins.registry()).optMessages(messages::add)
                    .build().run();
            Path explain = PipelineRunner.explanations(config.output());
            JsonNode scores = JSON.readTree(explain.resolve(Explainer.SCORES).toFile());
            JsonNode atlas = JSON.readTree(PipelineRunner.atlas(config.output()).resolve("concepts.json").toFile());
            List<Integer> drawn = new ArrayList<>();
            for (JsonNode concept : atlas.path("concepts")) {
                if (!concept.path("thumbnail").isNull() && drawn.size() < 2) {
                    drawn.add(concept.path("id").asInt());
                }
            }
            assertEquals(4, scores.path("images").size(), scores.toString());
            for (int i = 0; i < 4; i++) {
                JsonNode image = scores.path("images").get(i);
                assertEquals((int) drawn.get(i / 2), image.path("target").path("concept").asInt());
                assertTrue(Files.isRegularFile(explain.resolve(image.path("overlay").asText())));
                assertTrue(Files.isRegularFile(explain.resolve(image.path("map").asText())));
            }
            JsonNode provenance = JSON.readTree(config.output().resolve("provenance.json").toFile());
            assertEquals("explain/scores.json", provenance.path("metrics").path("artifacts").path("explanations").asText());

            messages.clear();
            PipelineRunner.builder().setConfig(config).setRegistry(plugins.registry()).optMessages(messages::add)
                    .build().run();
            assertTrue(messages.contains("Stage explain: complete, skipped"), messages.toString());
        }
    }
}
