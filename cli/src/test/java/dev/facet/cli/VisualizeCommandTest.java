package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.store.Npy;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.report.picture.Png;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.visualization.maco.FloatNpy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facet visualize} end to end on the bundled tiny ViT through TorchScript (a few steps and crops):
 * every kind of target and both methods write their PNGs and a {@code visualize.json} holding the objective's
 * trajectory and the real images' scores; every refusal comes before any output.
 */
class VisualizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 8;
    private static final int WIDTH = 128;

    @TempDir
    static Path dir;
    static Path images;
    static Path dictionary;

    @BeforeAll
    static void imagesAndDictionary() {
        dictionary = TinyDictionary.train(dir);
        images = BundledModels.fashionMnistImages();
    }

    /** A short run on the TorchScript tiny ViT. */
    private static CliRun visualize(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("visualize", "--model", "tiny-vit-fmnist", "--engine", "torchscript",
                "--out", dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A short MACO run, its spectrum from 64 bundled images, {@value #STEPS} steps unless {@code more} sets them. */
    private static CliRun maco(String out, String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("--images", images.toString(), "--spectrum-images", "64", "--crops", "4", "--batch", "4"));
        if (!args.contains("--steps")) {
            args.addAll(List.of("--steps", "" + STEPS));
        }
        return visualize(out, args.toArray(String[]::new));
    }

    private static JsonNode summary(String out) throws Exception {
        return JSON.readTree(dir.resolve(out).resolve(VisualizeCommand.SUMMARY).toFile());
    }

    /** Checks a target's entry: its files decode as 28x28 PNGs, its trajectory has a finite value per step. */
    private static void assertVisualized(String out, JsonNode target, String name) throws Exception {
        assertEquals(name, target.path("name").asText());
        for (String kind : List.of("image", "transparency", "product")) {
            String file = target.path("files").path(kind).asText();
            assertTrue(file.startsWith(name + "/"), file);
            BufferedImage picture = Png.read(dir.resolve(out).resolve(file));
            assertEquals(28, picture.getWidth(), file);
            assertEquals(28, picture.getHeight(), file);
        }
        JsonNode trajectory = target.path("trajectory");
        assertEquals(STEPS, trajectory.size(), trajectory.toString());
        trajectory.forEach(value -> assertTrue(value.isNumber() && Double.isFinite(value.asDouble()), trajectory.toString()));
        assertTrue(target.path("score").isNumber(), target.toString());
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
    void aClassIsVisualizedByMacoAndComparedWithTheRealImages() throws Exception {
        CliRun run = maco("class", "--class", "Dress");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode summary = summary("class");
        assertEquals("maco", summary.path("method").asText());
        assertEquals(0, summary.path("seed").asLong());
        assertEquals(STEPS, summary.path("settings").path("steps").asInt());
        assertEquals(4, summary.path("settings").path("crops").asInt());
        assertEquals(64, summary.path("images").path("count").asInt());
        JsonNode target = summary.path("targets").get(0);
        assertVisualized("class", target, "class-3-Dress");
        assertEquals(3, target.path("target").path("class").asInt());
        assertEquals("logits", target.path("hook_point").asText());
        JsonNode real = target.path("real_images");
        assertTrue(real.path("max").asDouble() >= real.path("mean").asDouble(), real.toString());
        if (real.path("mean").asDouble() > 0) {
            assertEquals(target.path("score").asDouble() / real.path("mean").asDouble(),
                    real.path("score_over_mean").asDouble(), 1e-9);
        }
        assertTrue(run.out().contains("class-3-Dress: score"), run.out());
    }

    @Test
    void theSameSeedGivesTheSamePictures() throws Exception {
        assertEquals(0, maco("seed-a", "--class", "0", "--steps", "3").exitCode());
        assertEquals(0, maco("seed-b", "--class", "0", "--steps", "3").exitCode());
        for (String file : List.of("image.png", "transparency.png", "product.png")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("seed-a/class-0-T-shirt_top").resolve(file)),
                    Files.readAllBytes(dir.resolve("seed-b/class-0-T-shirt_top").resolve(file)), file);
        }
    }

    @Test
    void aChannelIsVisualizedFromASavedSpectrum() throws Exception {
        Path spectrum = dir.resolve("fmnist-spectrum.npy");
        assertEquals(0, maco("spectrum-saved", "--class", "1", "--steps", "1", "--save-spectrum", spectrum.toString())
                .exitCode());
        assertTrue(Files.isRegularFile(spectrum));
        CliRun run = visualize("channel", "--channel", "layer.3:5", "--spectrum", spectrum.toString(), "--steps",
                "" + STEPS, "--crops", "4");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode summary = summary("channel");
        assertEquals(spectrum.toAbsolutePath().normalize().toString(), summary.path("spectrum").asText());
        assertTrue(summary.path("images").isMissingNode(), "no real images without --images");
        JsonNode target = summary.path("targets").get(0);
        assertVisualized("channel", target, "channel-layer.3-5");
        assertTrue(target.path("real_images").isMissingNode());
    }

    @Test
    void conceptsOfADictionaryAreVisualizedAtItsHookPoint() throws Exception {
        CliRun run = maco("concepts", "--concept", "0,2", "--dictionary", dictionary.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode targets = summary("concepts").path("targets");
        assertEquals(2, targets.size());
        assertVisualized("concepts", targets.get(0), "concept-00000");
        assertVisualized("concepts", targets.get(1), "concept-00002");
        assertEquals("layer.3", targets.get(1).path("hook_point").asText());
        assertEquals(2, targets.get(1).path("target").path("concept").asInt());
        assertTrue(targets.get(1).path("real_images").path("max").isNumber());
    }

    @Test
    void thePixelBaselineVisualizesADirection() throws Exception {
        float[] vector = new float[WIDTH];
        Arrays.fill(vector, 0.1f);
        vector[7] = 1;
        Path file = dir.resolve("direction.npy");
        FloatNpy.write(file, new int[] {WIDTH}, vector);
        CliRun run = visualize("pixel", "--method", "pixel", "--direction", file.toString(), "--hook", "layer.3",
                "--steps", "" + STEPS, "--batch", "2", "--images", images.toString(), "--spectrum-images", "16");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode summary = summary("pixel");
        assertEquals("pixel", summary.path("method").asText());
        assertTrue(summary.path("spectrum").isMissingNode());
        assertTrue(summary.path("settings").path("tv").isNumber(), summary.path("settings").toString());
        JsonNode target = summary.path("targets").get(0);
        assertVisualized("pixel", target, "direction");
        assertEquals("layer.3", target.path("hook_point").asText());
        assertEquals(16, summary.path("images").path("count").asInt());
    }

    @Test
    void aBadDirectionFileIsRefusedNamingIt() {
        Path wrongLength = dir.resolve("short.npy");
        FloatNpy.write(wrongLength, new int[] {5}, new float[] {1, 2, 3, 4, 5});
        assertRefused(visualize("short", "--method", "pixel", "--direction", wrongLength.toString(), "--hook", "layer.3"),
                "short", wrongLength.toString(), "5 values", "128 channels");
        float[] nan = new float[WIDTH];
        nan[3] = Float.NaN;
        Path notFinite = dir.resolve("nan.npy");
        Npy.write(notFinite, new FloatMatrix(1, WIDTH, nan), StoreDtype.FLOAT32);
        assertRefused(visualize("nan", "--method", "pixel", "--direction", notFinite.toString(), "--hook", "layer.3"),
                "nan", notFinite.toString(), "non-finite", "index 3");
    }

    @Test
    void aBackboneWithoutInputGradientsIsRefused() {
        assertRefused(CliRun.of("visualize", "--model", "tiny-vit-fmnist", "--engine", "onnx", "--class", "0",
                "--images", images.toString(), "--out", dir.resolve("onnx").toString()), "onnx",
                "feature visualization 'maco' requires [INPUT_GRADIENTS]", "backbone 'tiny-vit-fmnist'");
    }

    @Test
    void badTargetsAndOptionsAreRefused() {
        assertRefused(maco("banana", "--class", "Banana"), "banana", "Banana", "0 T-shirt/top", "9 Ankle boot");
        assertRefused(maco("concept99", "--concept", "1,99", "--dictionary", dictionary.toString()), "concept99",
                "99", "[0, 7]");
        assertRefused(maco("notalist", "--concept", "1;2", "--dictionary", dictionary.toString()), "notalist",
                "--concept", "'1;2'");
        assertRefused(visualize("nospectrum", "--class", "0"), "nospectrum", "--method maco", "--images", "--spectrum");
        assertRefused(visualize("crops", "--method", "pixel", "--class", "0", "--crops", "4"), "crops", "--crops",
                "pixel");
        assertRefused(maco("twotargets", "--class", "0", "--channel", "layer.3:0"), "twotargets", "exactly one target");
        assertRefused(maco("zerosteps", "--class", "0", "--steps", "0"), "zerosteps", "steps");
    }

    @Test
    void aDirectoryOfOtherFilesIsNotOverwritten() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        CliRun run = maco("foreign", "--class", "0");
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), run.err());
        assertTrue(run.err().contains("is not a visualization directory written by Facet"), run.err());
        try (Stream<Path> left = Files.list(foreign)) {
            assertEquals(List.of(foreign.resolve("notes.txt")), left.toList());
        }
    }

    @Test
    void helpListsEveryMethodsDefaults() {
        CliRun run = CliRun.of("visualize", "--help");
        assertEquals(0, run.exitCode(), run.err());
        String help = run.out().replaceAll("\\s+", " ");
        for (String expected : List.of("--method=METHOD", "one of maco, pixel (default: maco)",
                "Optimisation steps (default: maco 256, pixel 256)", "Only --method maco: random crops per step",
                "(default: 32)", "one of adam, nadam (default: nadam)",
                "Per method: maco: step size of the phase optimiser (default: 1);", "Only --method pixel", "--seed=N",
                "(default: 0)",
                "--spectrum-images=N", "(default: 256)")) {
            assertTrue(help.contains(expected), expected + " in " + help);
        }
    }
}
