package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.TestOnnxModels;
import dev.facet.extractors.store.ActivationStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facet extract} on ONNX models whose graph records no intermediate shapes, as most exports
 * leave them: {@code --list-tensors} with and without a known input size, {@code --layer} on an
 * unshaped tensor, on a channels-last map and on names that are not activations.
 */
class OnnxTensorsCommandTest {

    @TempDir
    Path dir;
    private Path dynamic;
    private Path fixed;
    private Path images;

    @BeforeEach
    void setUp() throws Exception {
        dynamic = Files.write(dir.resolve("dynamic.onnx"), TestOnnxModels.dynamicConvNet());
        fixed = Files.write(dir.resolve("fixed.onnx"), TestOnnxModels.convNet(6, 8));
        images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
            image.setRGB(i, i, 0xff8040);
            image.setRGB(7 - i, 5 - i, 0x20c0ff);
            ImageIO.write(image, "png", images.resolve("img-" + i + ".png").toFile());
        }
    }

    private CliRun extract(Path model, String layer, String out, String... more) {
        String[] base = {"extract", "--model", model.toString(), "--layer", layer, "--images", images.toString(),
                "--out", dir.resolve(out).toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void aDynamicInputModelListsItsTensorsWithoutADescriptor() {
        CliRun run = CliRun.of("extract", "--model", dynamic.toString(), "--list-tensors");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Hook points: not known until the input size is given. ONNX model " + dynamic
                + ": input 'pixels' has shape [?, 3, ?, ?], so Facet needs the input size: give it with --input-size"),
                run.out());
        assertTrue(run.out().contains("  pixels (input) [?, 3, ?, ?]\n  conv_out (Conv) ?\n  relu_out (Relu) ?\n"), run.out());
        assertTrue(run.out().contains("  y (Flatten) [?, 4]"), run.out());

        CliRun layer = extract(dynamic, "conv_out", "store");
        assertEquals(FacetCli.EXIT_FAILURE, layer.exitCode());
        assertTrue(layer.err().startsWith("error: ONNX model " + dynamic + ": input 'pixels' has shape [?, 3, ?, ?]")
                && layer.err().contains("--input-size"), layer.err());
    }

    @Test
    void listedTensorsShowTheirProbedShapesAndWhySomeAreNotHookPoints() {
        CliRun run = CliRun.of("extract", "--model", fixed.toString(), "--list-tensors");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  conv_out  SpatialLayout[channels=4, height=6, width=8]"), run.out());
        assertTrue(run.out().contains("  nhwc  SpatialLayout[channels=4, height=6, width=8]"), run.out());
        assertTrue(run.out().contains("  conv_out (Conv) [?, 4, 6, 8]\n"), run.out());
        assertTrue(run.out().contains("  shape_out (Shape) [4]  (not a hook point: it holds int64 values, not "
                + "floating-point ones)"), run.out());
        assertTrue(run.out().contains("  pixels (input) [?, 3, 6, 8]  (not a hook point: it is the model's pixel "
                + "input, not an activation)"), run.out());
    }

    @Test
    void anUnshapedTensorExtractsAndAChannelsLastMapStoresTheSameRows() {
        CliRun relu = extract(fixed, "relu_out", "relu");
        assertEquals(0, relu.exitCode(), relu.err());
        assertTrue(relu.out().startsWith("Stored 3 images (144 rows of relu_out patch)"), relu.out());
        CliRun nhwc = extract(fixed, "nhwc", "nhwc");
        assertEquals(0, nhwc.exitCode(), nhwc.err());
        ActivationStore first = ActivationStore.open(dir.resolve("relu"));
        ActivationStore last = ActivationStore.open(dir.resolve("nhwc"));
        assertEquals(4, first.dim());
        assertEquals(144, last.rows());
        assertArrayEquals(first.readShard(0).data(), last.readShard(0).data());

        CliRun asStored = extract(fixed, "nhwc", "nchw", "--layout", "nchw");
        assertEquals(0, asStored.exitCode(), asStored.err());
        assertEquals(6, ActivationStore.open(dir.resolve("nchw")).dim());
    }

    @Test
    void namesThatAreNotActivationsAreRefusedWithTheReason() {
        CliRun weight = extract(fixed, "W", "w");
        assertEquals(FacetCli.EXIT_FAILURE, weight.exitCode());
        assertEquals("error: 'W' is a weight (initializer) of the model, not an activation; it cannot be a hook point "
                + "of 'fixed.onnx'", weight.err().strip());
        CliRun integers = extract(fixed, "shape_out", "s");
        assertEquals("error: 'shape_out' holds int64 values, not floating-point ones; it cannot be a hook point of "
                + "'fixed.onnx'", integers.err().strip());
        CliRun layout = extract(fixed, "relu_out", "l", "--layout", "hwc");
        assertEquals(FacetCli.EXIT_FAILURE, layout.exitCode());
        assertTrue(layout.err().contains("layout") && layout.err().contains("nhwc"), layout.err());
    }
}
