package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.report.atlas.ChromiumBrowser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code facet demo --visualize}: its config runs the TorchScript tiny ViT with the {@code maco} visualizer;
 * run (with fewer images, concepts and MACO steps) through {@code facet run}, it writes an atlas in which
 * every drawn concept has its feature visualization, and headless Chromium shows it beside the top images
 * on every drawn concept's page. {@code facet report} adds it with {@code --engine torchscript --set
 * visualizers=[{"id":"maco"}]} and refuses it on the ONNX backbone. Screenshots go to
 * {@code target/demo-feature-visualization}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoFeatureVisualizationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "demo-feature-visualization");
    private static final int CONCEPTS = 16;
    private static final String FAST_MACO = "{\"id\":\"maco\",\"steps\":4,\"crops\":4,\"batch_size\":4}";

    private Path out;
    private Map<String, Object> config;
    private CliRun run;
    private ChromiumBrowser browser;

    @BeforeAll
    void runTheDemoConfig(@TempDir Path dir) throws IOException {
        out = dir.resolve("demo");
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--visualize", "--out", out.toString(), "--images", "200",
                "--concepts", String.valueOf(CONCEPTS), "--epochs", "1", "--no-stability", "--no-importance");
        config = demo.config();
        Map<String, Object> fast = new LinkedHashMap<>(config);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = new LinkedHashMap<>((Map<String, Object>) config.get("report"));
        report.put("visualizers", List.of(JSON.readValue(FAST_MACO, Map.class)));
        fast.put("report", report);
        Path file = dir.resolve("demo-visualize.json");
        JSON.writeValue(file.toFile(), fast);
        run = CliRun.of("run", file.toString());
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theDemoConfigRunsMacoOnTheTorchScriptCopyOfTheModel() {
        @SuppressWarnings("unchecked")
        Map<String, Object> backbone = (Map<String, Object>) config.get("backbone");
        assertEquals("torchscript", backbone.get("id"));
        assertEquals("tiny-vit-fmnist", backbone.get("model"));
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) config.get("report");
        Map<String, Object> maco = new LinkedHashMap<>();
        maco.put("id", "maco");
        maco.putAll(DemoCommand.TINY_VIT_MACO);
        assertEquals(List.of(maco), report.get("visualizers"));
        assertEquals(DemoCommand.VISUALIZED_CONCEPTS, report.get("max_concepts"));

        DemoCommand plain = new DemoCommand();
        new CommandLine(plain).parseArgs("--out", out.toString());
        Map<String, Object> without = plain.config();
        @SuppressWarnings("unchecked")
        Map<String, Object> plainBackbone = (Map<String, Object>) without.get("backbone");
        assertEquals("onnx", plainBackbone.get("id"), "without --visualize the demo runs ONNX, as before");
        @SuppressWarnings("unchecked")
        Map<String, Object> plainReport = (Map<String, Object>) without.get("report");
        assertTrue(!plainReport.containsKey("visualizers"), plainReport.toString());

        CliRun mobilenet = CliRun.of("demo", "--model", "mobilenet-v2", "--visualize", "--out",
                out.resolveSibling("mobilenet").toString());
        assertEquals(FacetCli.EXIT_FAILURE, mobilenet.exitCode());
        assertTrue(mobilenet.err().contains("--visualize: offered on tiny-vit-fmnist only"), mobilenet.err());
    }

    @Test
    void everyDrawnConceptOfTheAtlasHasItsFeatureVisualization() throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        List<Integer> drawn = drawnConcepts(out.resolve("atlas"));
        assertTrue(drawn.size() >= CONCEPTS / 2, drawn + " drawn");
    }

    @Test
    @Timeout(180)
    void chromiumShowsTheFeatureVisualizationBesideTheTopImagesOnEveryDrawnConceptPage() throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        List<Integer> drawn = drawnConcepts(out.resolve("atlas"));
        browser = ChromiumBrowser.launchForTests();
        URI index = out.resolve("atlas/index.html").toUri();
        browser.navigate(index);
        browser.waitUntil("document.documentElement.dataset.atlasReady === 'true'", "the atlas script to start");
        Files.createDirectories(SCREENSHOTS);
        for (int concept : drawn) {
            browser.navigate(URI.create(index + "#concept-" + concept));
            browser.waitUntil("location.hash === '#concept-" + concept + "' && document.querySelector("
                    + "'#concept-title').textContent === 'Concept " + concept + "'", "concept " + concept + " to open");
            browser.waitUntil("(() => { const imgs = [...document.querySelectorAll('#concept-body .feature-visualization"
                    + " img')]; return imgs.length === 3 && imgs.every(i => i.complete && i.naturalWidth > 0); })()",
                    "the feature visualization of concept " + concept + " to load");
            assertEquals("Feature visualization (maco)", browser.evaluate("document.querySelector("
                    + "'#concept-body .feature-visualization > figcaption').textContent").asText());
            assertTrue(browser.evaluate("(() => { const top = document.querySelector('#concept-body .lead > figure')"
                    + ".getBoundingClientRect(); const fv = document.querySelector('#concept-body .feature-visualization')"
                    + ".getBoundingClientRect(); return fv.left >= top.right && fv.top < top.bottom; })()").asBoolean(),
                    "concept " + concept + ": the feature visualization is to the right of the top images");
        }
        browser.screenshot(SCREENSHOTS.resolve("concept.png"));
        assertEquals("[]", browser.problems().toString(), "console errors, warnings or exceptions on the page");
        assertNotNull(ImageIO.read(SCREENSHOTS.resolve("concept.png").toFile()));
    }

    @Test
    void reportAddsMacoOnTheTorchScriptEngineAndRefusesItOnOnnx() throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        Path report = out.resolveSibling("report");
        List<String> args = List.of("report", "--model", "tiny-vit-fmnist", "--dict", out.resolve("dictionary").toString(),
                "--images", BundledModels.fashionMnistImages().toString(), "--limit", "60", "--set", "max_concepts=3",
                "--set", "visualizers=[" + FAST_MACO + "]");
        List<String> torch = new ArrayList<>(args);
        torch.addAll(List.of("--engine", "torchscript", "--out", report.toString()));
        CliRun visualized = CliRun.of(torch.toArray(String[]::new));
        assertEquals(0, visualized.exitCode(), visualized.err());
        assertEquals(3, drawnConcepts(report).size());

        List<String> onnx = new ArrayList<>(args);
        onnx.addAll(List.of("--out", out.resolveSibling("report-onnx").toString()));
        CliRun refused = CliRun.of(onnx.toArray(String[]::new));
        assertEquals(FacetCli.EXIT_FAILURE, refused.exitCode());
        assertTrue(refused.err().contains("report visualizer 'maco' requires [INPUT_GRADIENTS] but backbone "
                + "'tiny-vit-fmnist'"), refused.err());
        assertTrue(!Files.exists(out.resolveSibling("report-onnx").resolve("concepts.json")), "no atlas was written");
    }

    /** The drawn concepts of an atlas, each checked to have its MACO image, transparency and product. */
    private static List<Integer> drawnConcepts(Path atlas) throws IOException {
        List<Integer> drawn = new ArrayList<>();
        for (JsonNode concept : JSON.readTree(atlas.resolve("concepts.json").toFile()).path("concepts")) {
            if (concept.path("topGrid").isNull()) {
                assertEquals(0, concept.path("extras").size(), "an undrawn concept has no feature visualization");
                continue;
            }
            drawn.add(concept.path("id").asInt());
            JsonNode extras = concept.path("extras");
            List<String> kinds = new ArrayList<>();
            for (JsonNode extra : extras) {
                assertEquals("maco", extra.path("caption").asText());
                kinds.add(extra.path("kind").asText());
                BufferedImage picture = ImageIO.read(atlas.resolve(extra.path("path").asText()).toFile());
                assertNotNull(picture, extra.toString());
                assertEquals(28, picture.getWidth());
            }
            assertEquals(List.of("feature-image", "feature-transparency", "feature-product"), kinds,
                    "concept " + concept.path("id"));
        }
        return drawn;
    }
}
