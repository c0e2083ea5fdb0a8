package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.report.atlas.ChromiumBrowser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code facet demo} (smaller settings) on the bundled tiny ViT and images, checks every
 * artifact of the atlas, reruns the written config with {@code facet run} (every stage skipped),
 * and opens the atlas in headless Chromium: the grid renders with images, a concept opens with its
 * pictures, Back returns to the grid, no console errors. Screenshots go to {@code target/demo-atlas}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAtlasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONCEPTS = 32;
    private static final Path SCREENSHOTS = Path.of("target", "demo-atlas");

    private Path out;
    private CliRun demo;
    private ChromiumBrowser browser;

    @BeforeAll
    void runDemo(@TempDir Path dir) {
        out = dir.resolve("demo");
        demo = CliRun.of("demo", "--out", out.toString(), "--images", "300", "--concepts", String.valueOf(CONCEPTS),
                "--epochs", "2");
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void demoWritesACompleteAtlas() throws IOException {
        assertEquals(0, demo.exitCode(), demo.err());
        Path index = out.resolve("atlas/index.html");
        assertTrue(demo.out().contains("Atlas: " + index.toAbsolutePath()), demo.out());
        for (String stage : List.of("extract", "train", "evaluate", "importance", "report")) {
            assertTrue(Files.exists(out.resolve("pipeline-state.json")) && demo.err().contains("Stage " + stage + ":"),
                    stage + "\n" + demo.err());
        }
        JsonNode importance = JSON.readTree(out.resolve("importance/importance.json").toFile());
        assertEquals("label", importance.path("membership").asText());
        assertEquals(10, importance.path("classes").size());
        assertEquals("Trouser", importance.path("classes").get(1).path("name").asText());
        assertEquals(DemoCommand.IMPORTANCE_IMAGES_PER_CLASS, importance.path("classes").get(1).path("images").asInt());
        JsonNode provenance = JSON.readTree(out.resolve("provenance.json").toFile());
        assertEquals("pipeline-run", provenance.path("artifact").asText());
        assertEquals(0, provenance.path("seed").asInt());
        assertEquals("tiny-vit-fmnist", provenance.path("source").path("config").path("backbone").path("model").asText());
        assertTrue(provenance.path("metrics").path("stage_seconds").has("report"), provenance.toString());

        JsonNode atlas = JSON.readTree(out.resolve("atlas/concepts.json").toFile());
        JsonNode overview = atlas.path("overview");
        assertEquals("layer.3", overview.path("layer").asText());
        assertEquals(300, overview.path("images").asInt());
        assertTrue(overview.path("r2").asDouble() > 0, "R² " + overview.path("r2"));
        assertEquals(4.0, overview.path("l0").asDouble(), 1e-9);
        image(out.resolve("atlas").resolve(overview.path("trainingCurves").asText()));
        image(out.resolve("atlas").resolve(overview.path("densityHistogram").asText()));

        assertEquals(10, atlas.path("classes").size());
        for (JsonNode c : atlas.path("classes")) {
            assertTrue(Files.isRegularFile(out.resolve("atlas/class-" + c.path("index").asInt() + ".html")), c.toString());
            assertTrue(c.path("concepts").size() > 0, "some concept drives " + c.path("name"));
        }
        JsonNode concepts = atlas.path("concepts");
        assertEquals(CONCEPTS, concepts.size());
        int drawn = 0;
        for (JsonNode concept : concepts) {
            double stability = concept.path("stability").asDouble(Double.NaN);
            assertTrue(stability >= -1 && stability <= 1, "stability of " + concept.path("id"));
            assertTrue(concept.path("nearest").size() <= 6);
            if (concept.path("frequency").asDouble() == 0) {
                assertTrue(concept.path("topGrid").isNull(), "a dead concept has no pictures");
                continue;
            }
            drawn++;
            JsonNode top = concept.path("topImages");
            assertTrue(top.size() >= 1 && top.size() <= 8);
            for (int i = 1; i < top.size(); i++) {
                assertTrue(top.get(i - 1).path("score").asDouble() >= top.get(i).path("score").asDouble(),
                        "top images best first");
            }
            for (String picture : List.of("thumbnail", "topGrid", "evidenceGrid", "zoomGrid", "histogram", "attribution")) {
                image(out.resolve("atlas").resolve(concept.path(picture).asText()));
            }
            assertEquals(image(out.resolve("atlas").resolve(concept.path("topGrid").asText())).getWidth(),
                    image(out.resolve("atlas").resolve(concept.path("attribution").asText())).getWidth(),
                    "the attribution explains the first top images, one cell each, in the top grid's columns");
        }
        assertTrue(drawn >= CONCEPTS / 2, drawn + " concepts drawn");
    }

    @Test
    void rerunningTheWrittenConfigSkipsEveryStage() {
        assertEquals(0, demo.exitCode(), demo.err());
        CliRun again = CliRun.of("run", out.resolve("demo-config.json").toString());
        assertEquals(0, again.exitCode(), again.err());
        for (String stage : List.of("extract", "train", "evaluate", "importance", "report")) {
            assertTrue(again.err().contains("Stage " + stage + ": complete, skipped"), again.err());
        }
    }

    @Test
    void aDeletedAtlasIsDrawnAgainWithoutRedoingTheEarlierStages() throws IOException {
        assertEquals(0, demo.exitCode(), demo.err());
        byte[] before = Files.readAllBytes(out.resolve("atlas/concepts.json"));
        try (var walk = Files.walk(out.resolve("atlas"))) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        CliRun again = CliRun.of("run", out.resolve("demo-config.json").toString());
        assertEquals(0, again.exitCode(), again.err());
        for (String stage : List.of("extract", "train", "evaluate", "importance")) {
            assertTrue(again.err().contains("Stage " + stage + ": complete, skipped"), again.err());
        }
        assertTrue(again.err().contains("Stage report: " + CONCEPTS + " concepts"), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("atlas/concepts.json"))),
                "the redrawn atlas equals the first");
    }

    @Test
    void reportCommandDrawsASavedDictionaryWithTheLayerItWasTrainedOn() throws IOException {
        assertEquals(0, demo.exitCode(), demo.err());
        Path report = out.resolveSibling("report");
        CliRun run = CliRun.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", dev.facet.extractors.BundledModels.fashionMnistImages().toString(), "--limit", "120",
                "--out", report.toString(), "--set", "top_images=3", "--set", "colormap=jet",
                "--set", "interpolation=bicubic", "--set", "score=max");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("over 120 images"), run.out());
        JsonNode atlas = JSON.readTree(report.resolve("concepts.json").toFile());
        assertEquals("layer.3", atlas.path("overview").path("layer").asText());
        assertEquals(120, atlas.path("overview").path("images").asInt());
        double l0 = atlas.path("overview").path("l0").asDouble();
        assertTrue(l0 > 3 && l0 <= 4 + 1e-9, "without an evaluation, L0 is measured on the report's images: " + l0);
        assertTrue(atlas.path("overview").path("r2").isNull(), "R² needs an evaluation");
        for (JsonNode concept : atlas.path("concepts")) {
            assertTrue(concept.path("topImages").size() <= 3);
            assertTrue(concept.path("attribution").isNull(), "no attribution unless asked for");
        }

        Path notAnAtlas = out.resolveSibling("notes");
        Files.createDirectories(notAnAtlas);
        Files.writeString(notAnAtlas.resolve("mine.txt"), "keep me");
        CliRun refused = CliRun.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", dev.facet.extractors.BundledModels.fashionMnistImages().toString(), "--limit", "10",
                "--out", notAnAtlas.toString());
        assertEquals(FacetCli.EXIT_FAILURE, refused.exitCode());
        assertTrue(refused.err().contains("is not an atlas"), refused.err());
        assertTrue(Files.exists(notAnAtlas.resolve("mine.txt")), "nothing of the user's was deleted");

        CliRun unknown = CliRun.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", dev.facet.extractors.BundledModels.fashionMnistImages().toString(), "--limit", "10",
                "--out", out.resolveSibling("report2").toString(), "--set", "attribution={\"id\":\"no_such_method\"}");
        assertEquals(FacetCli.EXIT_FAILURE, unknown.exitCode());
        assertTrue(unknown.err().contains("no_such_method") && unknown.err().contains("sobol"), unknown.err());
    }

    @Test
    void aPluginVisualizerFromAPluginsDirectoryAddsItsPictures() throws IOException {
        assertEquals(0, demo.exitCode(), demo.err());
        Path plugins = out.resolveSibling("plugins");
        Files.createDirectories(plugins);
        Files.copy(PluginsCommandTest.exampleJar(), plugins.resolve(PluginsCommandTest.EXAMPLE_JAR));
        Path report = out.resolveSibling("visualized");
        CliRun run = CliRun.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", dev.facet.extractors.BundledModels.fashionMnistImages().toString(), "--limit", "100",
                "--out", report.toString(), "--plugins-dir", plugins.toString(),
                "--set", "visualizers=[{\"id\":\"mean-image\",\"size\":64}]");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode atlas = JSON.readTree(report.resolve("concepts.json").toFile());
        int withPictures = 0;
        for (JsonNode concept : atlas.path("concepts")) {
            if (concept.path("topGrid").isNull()) {
                assertEquals(0, concept.path("extras").size());
                continue;
            }
            withPictures++;
            JsonNode extra = concept.path("extras").get(0);
            assertEquals("mean-image", extra.path("caption").asText());
            BufferedImage mean = image(report.resolve(extra.path("path").asText()));
            assertEquals(64, mean.getWidth());
        }
        assertTrue(withPictures > 0);

        CliRun missing = CliRun.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", dev.facet.extractors.BundledModels.fashionMnistImages().toString(), "--limit", "10",
                "--out", out.resolveSibling("no-plugin").toString(), "--set", "visualizers=[{\"id\":\"mean-image\"}]");
        assertEquals(FacetCli.EXIT_FAILURE, missing.exitCode());
        assertTrue(missing.err().contains("mean-image"), missing.err());
    }

    @Test
    void reportSkipsUnreadableImagesAndRefusesALayerOtherThanTheTrainedOne() throws IOException {
        assertEquals(0, demo.exitCode(), demo.err());
        Path folder = out.resolveSibling("folder");
        Files.createDirectories(folder);
        var bundled = dev.facet.extractors.images.ImageSources.open(dev.facet.extractors.BundledModels.fashionMnistImages());
        for (int i = 0; i < 12; i++) {
            ImageIO.write(bundled.item(i).load(), "png", folder.resolve(String.format("img-%02d.png", i)).toFile());
        }
        Files.write(folder.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Path report = out.resolveSibling("folder-report");
        CliRun run = CliRun.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", folder.toString(), "--out", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode atlas = JSON.readTree(report.resolve("concepts.json").toFile());
        assertEquals(12, atlas.path("overview").path("images").asInt(), "the broken file is skipped");
        for (JsonNode concept : atlas.path("concepts")) {
            for (JsonNode top : concept.path("topImages")) {
                assertTrue(top.path("name").asText().startsWith("img-"), top.toString());
            }
        }

        CliRun logits = CliRun.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", folder.toString(), "--layer", "logits", "--out", out.resolveSibling("logits").toString());
        assertEquals(FacetCli.EXIT_FAILURE, logits.exitCode());
        assertTrue(logits.err().contains("trained on layer layer.3, but --layer gives logits"), logits.err());
    }

    @Test
    void importanceCommandRanksTheDemoDictionarysConceptsPerClass() throws IOException {
        assertEquals(0, demo.exitCode(), demo.err());
        Path json = out.resolveSibling("trouser.json");
        CliRun run = CliRun.of("importance", "--dict", out.resolve("dictionary").toString(), "--images",
                dev.facet.extractors.BundledModels.fashionMnistImages().toString(), "--limit", "100",
                "--class", "Trouser", "--images-per-class", "2", "--engine", "torchscript", "--out", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Trouser"), run.out());
        JsonNode result = JSON.readTree(json.toFile());
        assertEquals(1, result.path("classes").size());
        assertEquals("[\"sobol\",\"ablation\",\"gradient\"]", result.path("scores").toString(),
                "the TorchScript head differentiates the resumed pass");
        JsonNode ranked = result.path("classes").get(0).path("concepts");
        assertTrue(ranked.size() > 0);
        for (int i = 1; i < ranked.size(); i++) {
            assertTrue(ranked.get(i - 1).path("sobol").asDouble() >= ranked.get(i).path("sobol").asDouble(), "ranked");
        }

        CliRun unknown = CliRun.of("importance", "--dict", out.resolve("dictionary").toString(), "--images",
                dev.facet.extractors.BundledModels.fashionMnistImages().toString(), "--limit", "20",
                "--class", "Sock", "--out", out.resolveSibling("sock.json").toString());
        assertEquals(FacetCli.EXIT_FAILURE, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown class 'Sock'") && unknown.err().contains("1 Trouser"), unknown.err());
    }

    @Test
    @Timeout(120)
    void atlasOpensInChromiumAndNavigatesToAConceptAndBack() throws IOException {
        assertEquals(0, demo.exitCode(), demo.err());
        browser = ChromiumBrowser.launchForTests();
        URI index = out.resolve("atlas/index.html").toUri();
        browser.navigate(index);
        browser.waitUntil("document.documentElement.dataset.atlasReady === 'true'", "the atlas script to start");
        assertEquals(CONCEPTS, browser.evaluate("document.querySelectorAll('#grid .tile').length").asInt());
        browser.waitUntil("(() => { const imgs = [...document.querySelectorAll('#grid img.thumb')];"
                + " return imgs.length > 0 && imgs.slice(0, 8).every(i => i.complete && i.naturalWidth > 0); })()",
                "the first thumbnails to load");
        Files.createDirectories(SCREENSHOTS);
        browser.screenshot(SCREENSHOTS.resolve("grid.png"));

        String firstAlive = browser.evaluate("document.querySelector('#grid .tile img.thumb').closest('.tile')"
                + ".getAttribute('href')").asText();
        assertTrue(firstAlive.startsWith("#concept-"), firstAlive);
        browser.click("#grid .tile[href='" + firstAlive + "']");
        browser.waitUntil("location.hash === '" + firstAlive + "'", "the concept's hash");
        browser.waitUntil("(() => { const imgs = [...document.querySelectorAll('#concept-body .pictures img')];"
                + " return imgs.length >= 5 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
                "the concept's pictures to load");
        browser.screenshot(SCREENSHOTS.resolve("concept.png"));

        browser.evaluate("history.back()");
        browser.waitUntil("location.hash === '' || location.hash === '#'", "Back to return to the grid");
        assertEquals(CONCEPTS, browser.evaluate("document.querySelectorAll('#grid .tile').length").asInt());

        browser.click(".class-links a[href='class-1.html']");
        browser.waitUntil("document.readyState === 'complete' && location.pathname.endsWith('/class-1.html')",
                "the Trouser page to load");
        assertEquals("Concepts that drive Trouser", browser.evaluate("document.querySelector('h1').textContent").asText());
        assertTrue(browser.evaluate("document.querySelectorAll('.class-concept .bar').length").asInt() > 0);
        assertEquals(100.0, browser.evaluate("(() => { const b = document.querySelector('.class-concept .bar');"
                + " return 100 * b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width; })()")
                .asDouble(), 1.0, "the leading concept's bar is full");
        browser.waitUntil("(() => { const imgs = [...document.querySelectorAll('.class-tile img.thumb')].slice(0, 4);"
                + " return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
                "the leading concepts' tiles to load");
        browser.screenshot(SCREENSHOTS.resolve("class.png"));
        assertEquals("[]", browser.problems().toString(), "console errors, warnings or exceptions on the page");
        for (String screenshot : List.of("grid.png", "concept.png", "class.png")) {
            image(SCREENSHOTS.resolve(screenshot));
        }
    }

    private static BufferedImage image(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is an image");
        assertTrue(image.getWidth() > 8 && image.getHeight() > 8, file + " size");
        return image;
    }
}
