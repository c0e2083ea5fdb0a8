package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.pipeline.scan.ImageScore;
import dev.facet.extractors.TokenSelection;
import dev.facet.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {

    @TempDir
    Path dir;

    private static Map<String, Object> minimal() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("output", "run");
        root.put("backbone", Map.of("model", "tiny-vit-fmnist", "layer", "3"));
        root.put("images", Map.of("path", "images"));
        root.put("learner", Map.of("id", "topk", "concepts", 64, "k", 4));
        return root;
    }

    @Test
    void readsDefaultsAndResolvesPathsAgainstTheConfigFolder() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(minimal()));
        PipelineConfig config = PipelineConfig.read(file);
        assertEquals(dir.resolve("run"), config.output());
        assertEquals(dir.resolve("images"), config.images().path());
        assertEquals("onnx", config.backbone().id());
        assertEquals("layer.3", config.backbone().hookPoint());
        assertEquals(TokenSelection.PATCH, config.backbone().tokens());
        assertEquals(Map.of("concepts", 64, "k", 4), config.learner().hyperparameters());
        assertEquals(ImageScore.MEAN, config.report().score());
        assertEquals(8, config.report().topImages());
        assertFalse(config.evaluate().stability());
        assertEquals(0, config.seed());
    }

    @Test
    void modelAndDescriptorFilesResolveAgainstTheConfigFolderButNamesAndUrlsStay() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/net.onnx"), "x");
        Files.writeString(dir.resolve("desc.json"), "{}");
        Map<String, Object> root = minimal();
        root.put("backbone", Map.of("model", "models/net.onnx", "descriptor", "desc.json", "layer", "3"));
        PipelineConfig config = read(root);
        assertEquals(dir.resolve("models/net.onnx").toString(), config.backbone().model());
        assertEquals(dir.resolve("desc.json").toString(), config.backbone().descriptor());

        root.put("backbone", Map.of("model", "missing/net.onnx", "layer", "3"));
        assertEquals(dir.resolve("missing/net.onnx").toString(), read(root).backbone().model());

        root.put("backbone", Map.of("model", "tiny-vit-fmnist", "descriptor", "dinov2-small", "layer", "3"));
        config = read(root);
        assertEquals("tiny-vit-fmnist", config.backbone().model());
        assertEquals("dinov2-small", config.backbone().descriptor());

        root.put("backbone", Map.of("model", "https://example.org/net.pt", "layer", "3"));
        assertEquals("https://example.org/net.pt", read(root).backbone().model());
    }

    private PipelineConfig read(Map<String, Object> root) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(root));
        return PipelineConfig.read(file);
    }

    @Test
    void torchScriptFilesDefaultToTheTorchScriptBackbone() {
        Map<String, Object> root = minimal();
        root.put("backbone", Map.of("model", "model.pt", "layer", "blocks.2"));
        PipelineConfig config = PipelineConfig.of("test", root, dir);
        assertEquals("torchscript", config.backbone().id());
        assertEquals("blocks.2", config.backbone().hookPoint());
    }

    @Test
    void unknownKeysAreRefusedNamingTheSection() {
        Map<String, Object> root = minimal();
        root.put("report", Map.of("top_imgs", 3));
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", root, dir));
        assertTrue(e.getMessage().contains("report") && e.getMessage().contains("top_imgs"), e.getMessage());
        Map<String, Object> top = minimal();
        top.put("learners", Map.of());
        e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", top, dir));
        assertTrue(e.getMessage().contains("learners"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        Map<String, Object> root = minimal();
        root.put("report", Map.of("colormap", "rainbow"));
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", root, dir));
        assertTrue(e.getMessage().contains("rainbow"), e.getMessage());
        Map<String, Object> wrongType = minimal();
        wrongType.put("type", "training");
        e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", wrongType, dir));
        assertTrue(e.getMessage().contains("training"), e.getMessage());
        Map<String, Object> version = minimal();
        version.put("version", 7);
        e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", version, dir));
        assertTrue(e.getMessage().contains("7"), e.getMessage());
        Map<String, Object> noLayer = minimal();
        noLayer.put("backbone", Map.of("model", "m.onnx"));
        e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", noLayer, dir));
        assertTrue(e.getMessage().contains("layer"), e.getMessage());
        Map<String, Object> batch = minimal();
        batch.put("images", Map.of("path", "x", "batch", 0));
        e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", batch, dir));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void malformedFileIsAConfigErrorNamingTheFile() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"output\": ");
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.read(file));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotTheLastOneWinning() throws Exception {
        Path file = dir.resolve("twice.json");
        Files.writeString(file, "{\"seed\": 1, \"output\": \"run\",\n \"seed\": 2}");
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.read(file));
        assertTrue(e.getMessage().contains("twice.json") && e.getMessage().contains("line 2")
                && e.getMessage().contains("'seed' is given twice"), e.getMessage());
    }

    @Test
    void contentAfterTheDocumentIsRefused() throws Exception {
        Path file = dir.resolve("trailing.json");
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(minimal())
                + "\n{\"seed\": 3}");
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.read(file));
        assertTrue(e.getMessage().contains("trailing.json") && e.getMessage().contains("after the end"), e.getMessage());
    }

    @Test
    void fingerprintsGrowWithTheStagesAndIgnoreReportSettingsBeforeTheReport() {
        PipelineConfig a = PipelineConfig.of("test", minimal(), dir);
        Map<String, Object> other = minimal();
        other.put("report", Map.of("top_images", 4));
        PipelineConfig b = PipelineConfig.of("test", other, dir);
        for (PipelineConfig.Stage stage : new PipelineConfig.Stage[] {PipelineConfig.Stage.EXTRACT,
            PipelineConfig.Stage.TRAIN, PipelineConfig.Stage.EVALUATE}) {
            assertEquals(a.fingerprint(stage), b.fingerprint(stage), stage.id());
        }
        assertNotEquals(a.fingerprint(PipelineConfig.Stage.REPORT), b.fingerprint(PipelineConfig.Stage.REPORT));
        Map<String, Object> seeded = minimal();
        seeded.put("seed", 5);
        PipelineConfig c = PipelineConfig.of("test", seeded, dir);
        assertEquals(a.fingerprint(PipelineConfig.Stage.EXTRACT), c.fingerprint(PipelineConfig.Stage.EXTRACT));
        assertNotEquals(a.fingerprint(PipelineConfig.Stage.TRAIN), c.fingerprint(PipelineConfig.Stage.TRAIN));
    }

    @Test
    void anImportanceSectionIsReadAndFingerprintedFromItsStageOn() {
        PipelineConfig plain = PipelineConfig.of("test", minimal(), dir);
        assertEquals(null, plain.importance(), "no section, no importance stage");
        assertFalse(plain.fingerprint(PipelineConfig.Stage.REPORT).containsKey("importance"),
                "fingerprints of runs made before the section existed stay the same");
        Map<String, Object> root = minimal();
        root.put("importance", Map.of("classes", List.of("Trouser", 3), "class_names", "a,Trouser,c,d",
                "images_per_class", 2, "designs", 64));
        PipelineConfig config = PipelineConfig.of("test", root, dir);
        assertEquals(List.of("Trouser", "3"), config.importance().classes());
        assertEquals(64, config.importance().settings().designs());
        assertEquals(plain.fingerprint(PipelineConfig.Stage.EVALUATE), config.fingerprint(PipelineConfig.Stage.EVALUATE));
        assertEquals(2, ((Map<?, ?>) config.fingerprint(PipelineConfig.Stage.IMPORTANCE).get("importance"))
                .get("images_per_class"));
        assertTrue(config.fingerprint(PipelineConfig.Stage.REPORT).containsKey("importance"), "class pages follow it");
        root.put("importance", Map.of("designs", 48));
        ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", root, dir));
        assertTrue(e.getMessage().contains("designs"), e.getMessage());
        root.put("importance", Map.of("samples", 4));
        e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", root, dir));
        assertTrue(e.getMessage().contains("samples"), e.getMessage());
    }

    @Test
    void aLayoutIsReadAndFingerprintedOnlyWhenGiven() {
        PipelineConfig plain = PipelineConfig.of("test", minimal(), dir);
        assertEquals(null, plain.backbone().layout());
        assertFalse(((Map<?, ?>) plain.fingerprint(PipelineConfig.Stage.EXTRACT).get("backbone")).containsKey("layout"),
                "fingerprints of runs made before the setting existed stay the same");
        Map<String, Object> root = minimal();
        root.put("backbone", Map.of("model", "tiny-vit-fmnist", "layer", "3", "layout", "nhwc"));
        PipelineConfig nhwc = PipelineConfig.of("test", root, dir);
        assertEquals("nhwc", nhwc.backbone().layout());
        assertEquals("nhwc", ((Map<?, ?>) nhwc.fingerprint(PipelineConfig.Stage.EXTRACT).get("backbone")).get("layout"));
    }

    @Test
    void stateSkipsCompleteStagesAndRefusesAStoreMadeWithOtherSettings() {
        PipelineConfig config = PipelineConfig.of("test", minimal(), dir);
        PipelineState state = PipelineState.load(dir);
        Map<String, Object> extract = config.fingerprint(PipelineConfig.Stage.EXTRACT);
        state.started(PipelineConfig.Stage.EXTRACT, extract);
        assertFalse(PipelineState.load(dir).complete(PipelineConfig.Stage.EXTRACT, extract));
        state.completed(PipelineConfig.Stage.EXTRACT, extract, 1.5);
        PipelineState reread = PipelineState.load(dir);
        assertTrue(reread.complete(PipelineConfig.Stage.EXTRACT, extract));
        assertEquals(1.5, reread.seconds(PipelineConfig.Stage.EXTRACT));
        Map<String, Object> changed = minimal();
        changed.put("backbone", Map.of("model", "tiny-vit-fmnist", "layer", "2"));
        Map<String, Object> otherLayer = PipelineConfig.of("test", changed, dir).fingerprint(PipelineConfig.Stage.EXTRACT);
        assertFalse(reread.complete(PipelineConfig.Stage.EXTRACT, otherLayer));
        ConfigException e = assertThrows(ConfigException.class,
                () -> reread.requireCompatible(PipelineConfig.Stage.EXTRACT, otherLayer, dir.resolve("store")));
        assertTrue(e.getMessage().contains("layer.2") && e.getMessage().contains("layer.3"), e.getMessage());
    }

    @Test
    void keepPaddingEntersTheExtractFingerprintOnlyWhenSet() {
        PipelineConfig plain = PipelineConfig.of("test", minimal(), dir);
        assertFalse(plain.extract().keepPadding());
        assertEquals(Map.of("dtype", "float32", "shard_rows", 65536),
                plain.fingerprint(PipelineConfig.Stage.EXTRACT).get("extract"), "as before keep_padding existed");
        Map<String, Object> root = minimal();
        root.put("extract", Map.of("keep_padding", true));
        PipelineConfig keep = PipelineConfig.of("test", root, dir);
        assertTrue(keep.extract().keepPadding());
        assertNotEquals(plain.fingerprint(PipelineConfig.Stage.EXTRACT), keep.fingerprint(PipelineConfig.Stage.EXTRACT));
    }

    @Test
    void corruptStateFileIsNamed() throws Exception {
        Files.writeString(dir.resolve(PipelineState.FILE), "not json");
        var e = assertThrows(dev.facet.spi.CorruptArtifactException.class, () -> PipelineState.load(dir));
        assertTrue(e.getMessage().contains(PipelineState.FILE), e.getMessage());
    }

    @Test
    void theImagePixelLimitDefaultsToPillowsAndIsASetting() {
        assertEquals(89_478_485L, PipelineConfig.of("test", minimal(), dir).images().maxPixels());
        Map<String, Object> root = minimal();
        root.put("images", Map.of("path", "images", "max_pixels", 1_000_000));
        assertEquals(1_000_000L, PipelineConfig.of("test", root, dir).images().maxPixels());
        root.put("images", Map.of("path", "images", "max_pixels", 0));
        assertThrows(ConfigException.class, () -> PipelineConfig.of("test", root, dir));
    }

    @Test
    void theBackboneSectionTakesThePreprocessingSettingsAndTheyChangeTheExtractFingerprint() {
        Map<String, Object> root = minimal();
        Map<String, Object> backbone = new LinkedHashMap<>();
        backbone.put("model", "cnn.onnx");
        backbone.put("layer", "out_relu");
        backbone.put("input_size", "224x224");
        backbone.put("mean", java.util.List.of(0.485, 0.456, 0.406));
        backbone.put("std", 0.226);
        backbone.put("order", "bgr");
        backbone.put("resize", "center-crop");
        root.put("backbone", backbone);
        PipelineConfig config = PipelineConfig.of("test", root, dir);
        assertEquals(Map.of("input_size", "224x224", "mean", java.util.List.of(0.485, 0.456, 0.406), "std", 0.226,
                "order", "bgr", "resize", "center-crop"), config.backbone().preprocessing());
        @SuppressWarnings("unchecked")
        Map<String, Object> fingerprint = (Map<String, Object>) config.fingerprint(PipelineConfig.Stage.EXTRACT).get("backbone");
        assertEquals(config.backbone().preprocessing(), fingerprint.get("preprocessing"));
        assertFalse(((Map<?, ?>) PipelineConfig.of("test", minimal(), dir).fingerprint(PipelineConfig.Stage.EXTRACT)
                .get("backbone")).containsKey("preprocessing"), "configs without the settings keep their fingerprints");
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("input_size", "224x", "mean", "a,b", "std", 0,
                "order", "rgba", "resize", "squash").entrySet()) {
            Map<String, Object> wrong = new LinkedHashMap<>(backbone);
            wrong.put(bad.getKey(), bad.getValue());
            root.put("backbone", wrong);
            ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.of("test", root, dir));
            assertTrue(e.getMessage().startsWith("test > backbone: invalid " + bad.getKey() + ": "), e.getMessage());
        }
    }
}
