package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageFiles;
import dev.facet.extractors.store.Npy;
import dev.facet.report.picture.Png;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facet explain} end to end on the bundled models: perturbation maps through ONNX, integrated
 * gradients through TorchScript, the map drawn where a padded photo lies, and every refusal before any
 * output.
 */
class ExplainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PHOTO = Path.of("..", "samples", "data", "photos", "Bridge_by_Sander_Klootwijk.jpg");

    @TempDir
    static Path dir;
    static Path images;
    static Path dictionary;

    @BeforeAll
    static void imagesAndDictionary() {
        dictionary = TinyDictionary.train(dir);
        images = BundledModels.fashionMnistImages();
    }

    private static CliRun explain(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("explain", images.toString(), "--limit", "3", "--model",
                "tiny-vit-fmnist", "--out", dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode scores(String out) throws Exception {
        return JSON.readTree(dir.resolve(out).resolve("scores.json").toFile());
    }

    private static void assertRefused(CliRun run, String out, String... named) {
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), run.err());
        String error = run.err().lines().filter(line -> line.startsWith("error:")).findFirst().orElse(run.err());
        for (String name : named) {
            assertTrue(error.contains(name), name + " in " + error);
        }
        assertFalse(Files.exists(dir.resolve(out)), "no output for a refused run");
    }

    @Test
    void occlusionOfAClassThroughOnnxWritesOverlaysMapsAndScores() throws Exception {
        CliRun run = explain("occlusion", "--method", "occlusion", "--option", "window=7", "--option", "stride=7",
                "--class", "Coat", "--fidelity");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode scores = scores("occlusion");
        assertEquals("occlusion", scores.path("method").asText());
        assertEquals(3, scores.path("images").size());
        for (JsonNode image : scores.path("images")) {
            assertEquals(4, image.path("target").path("class").asInt());
            assertEquals("Coat", image.path("target").path("class_name").asText());
            FloatMatrix map = Npy.read(dir.resolve("occlusion").resolve(image.path("map").asText()));
            assertEquals(28, map.rows());
            assertEquals(28, map.cols());
            assertEquals(max(map), image.path("map_statistics").path("max").asDouble(), 1e-6);
            BufferedImage overlay = Png.read(dir.resolve("occlusion").resolve(image.path("overlay").asText()));
            assertEquals(28, overlay.getWidth());
            JsonNode fidelity = image.path("fidelity");
            assertTrue(fidelity.path("deletion_auc").isNumber() && fidelity.path("insertion_auc").isNumber()
                    && Math.abs(fidelity.path("mu_fidelity").asDouble()) <= 1, fidelity.toString());
        }
    }

    @Test
    void aConceptIsExplainedAtItsDictionarysHookPoint() throws Exception {
        CliRun run = explain("concept", "--method", "rise", "--option", "masks=64", "--option", "grid=7",
                "--concept", "1", "--dictionary", dictionary.toString(), "--score", "max");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode target = scores("concept").path("images").get(0).path("target");
        assertEquals(1, target.path("concept").asInt());
        assertEquals("layer.3", target.path("hook_point").asText());
        assertEquals("max", target.path("score").asText());
    }

    @Test
    void aConceptIsExplainedByGradientsThroughTorchScript() throws Exception {
        CliRun run = explain("concept-saliency", "--engine", "torchscript", "--method", "saliency", "--concept", "1",
                "--dictionary", dictionary.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode image = scores("concept-saliency").path("images").get(0);
        assertTrue(image.path("map_statistics").path("max").asDouble() >= 0, image.toString());
        assertEquals(28, Npy.read(dir.resolve("concept-saliency").resolve(image.path("map").asText())).rows());
    }

    @Test
    void aPaddedPhotosMapLiesOnTheImageAndItsOverlayHasTheOriginalSize() throws Exception {
        BufferedImage original = ImageFiles.read(PHOTO);
        CliRun run = CliRun.of("explain", PHOTO.toString(), "--model", "mobilenet-v2", "--resize", "pad",
                "--method", "occlusion", "--option", "window=16", "--option", "stride=16", "--class", "neutral",
                "--out", dir.resolve("photo").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode image = scores("photo").path("images").get(0);
        BufferedImage overlay = Png.read(dir.resolve("photo").resolve(image.path("overlay").asText()));
        assertEquals(original.getWidth(), overlay.getWidth());
        assertEquals(original.getHeight(), overlay.getHeight());
        FloatMatrix map = Npy.read(dir.resolve("photo").resolve(image.path("map").asText()));
        InputGeometry geometry = InputGeometry.of(original.getWidth(), original.getHeight(), 224, 224, ResizeMode.PAD);
        assertTrue(geometry.padded(), "a 640x360 photo is padded to 224x224");
        double inside = 0;
        double total = 0;
        for (int y = 0; y < map.rows(); y++) {
            for (int x = 0; x < map.cols(); x++) {
                double mass = Math.abs(map.get(y, x));
                total += mass;
                inside += geometry.vertical().inContent(y + 0.5) && geometry.horizontal().inContent(x + 0.5) ? mass : 0;
            }
        }
        assertTrue(total > 0 && inside / total > 0.95, "mass inside the image: " + inside / total);
        assertEquals(inside / total, image.path("map_statistics").path("content_mass_fraction").asDouble(), 1e-6);
        assertTrue(differs(original, overlay), "the heatmap is drawn");
    }

    @Test
    void integratedGradientsThroughTorchScriptAreComplete() throws Exception {
        CliRun run = explain("ig", "--engine", "torchscript", "--method", "integrated-gradients", "--option", "steps=50",
                "--class", "0");
        assertEquals(0, run.exitCode(), run.err());
        for (JsonNode image : scores("ig").path("images")) {
            double gap = image.path("completeness").path("relative_gap").asDouble();
            assertTrue(gap < 0.05, "relative completeness gap " + gap);
        }
    }

    @Test
    void aGradientMethodOnOnnxIsRefusedBeforeAnyOutput() {
        assertRefused(explain("saliency", "--method", "saliency", "--class", "0"), "saliency", "saliency",
                "INPUT_GRADIENTS", "FORWARD");
    }

    @Test
    void anUnknownClassIsRefusedListingTheNames() {
        assertRefused(explain("sweater", "--method", "occlusion", "--class", "Sweater"), "sweater", "Sweater",
                "0 T-shirt/top", "4 Coat", "9 Ankle boot");
    }

    @Test
    void aConceptOutOfRangeIsRefused() {
        assertRefused(explain("concept99", "--method", "occlusion", "--concept", "99", "--dictionary",
                dictionary.toString()), "concept99", "concept", "99", "[0, 7]");
    }

    @Test
    void aMalformedOrUnknownOptionIsRefused() {
        assertRefused(explain("malformed", "--method", "occlusion", "--option", "window", "--class", "0"), "malformed",
                "--option expects KEY=VALUE", "'window'");
        assertRefused(explain("unknown", "--method", "occlusion", "--option", "windw=3", "--class", "0"), "unknown",
                "windw");
        assertRefused(explain("twotargets", "--method", "occlusion", "--class", "0", "--channel", "layer.3:0"),
                "twotargets", "exactly one target");
    }

    private static double max(FloatMatrix map) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : map.data()) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static boolean differs(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
                    return true;
                }
            }
        }
        return false;
    }
}
