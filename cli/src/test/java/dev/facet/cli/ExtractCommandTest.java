package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.facet.extractors.images.PngBombs;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.StoreDigests;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facet extract} on a small ONNX model built in the test, with good and bad input. */
class ExtractCommandTest {

    @TempDir
    Path dir;
    private Path model;
    private Path images;

    @BeforeEach
    void setUp() throws Exception {
        model = Files.write(dir.resolve("relu.onnx"), reluModel());
        images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setSample(i, i, 0, 200);
            ImageIO.write(image, "png", images.resolve("img-" + i + ".png").toFile());
        }
        Files.write(images.resolve("zero.png"), new byte[0]);
        Files.writeString(images.resolve("words.bmp"), "not a bitmap");
    }

    /** pixels (n, 1, 4, 4) → relu_out = relu(pixels), shape recorded → y = global average pool. */
    private static byte[] reluModel() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("relu")
                .addInput(value("pixels", 1, 4, 4))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("pixels").addOutput("relu_out"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("GlobalAveragePool").addInput("relu_out").addOutput("y"))
                .addValueInfo(value("relu_out", 1, 4, 4))
                .addOutput(value("y", 1, 1, 1))
                .build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto value(String name, int... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n"));
        for (int d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    @Test
    void extractsAFolderSkippingBadFiles() {
        Path out = dir.resolve("store");
        CliRun run = CliRun.of("extract", "--model", model.toString(), "--layer", "relu_out", "--images", images.toString(),
                "--out", out.toString(), "--batch", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Stored 3 images (48 rows of relu_out patch)"), run.out());
        assertTrue(run.out().contains("skipped 2"), run.out());
        ActivationStore store = ActivationStore.open(out);
        store.verify();
        assertEquals(48, store.rows());
        assertEquals(1, store.dim());
    }

    @Test
    void eightBombsAmongImagesAreSkippedAndTwoRunsWithEightThreadsStoreTheSameBytes() throws Exception {
        byte[] bomb = PngBombs.png(20_000, 20_000);
        for (int i = 0; i < 8; i++) {
            Files.write(images.resolve("img-" + i + "-bomb.png"), bomb);
        }
        List<Map<String, String>> stores = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            Path out = dir.resolve(name);
            CliRun run = CliRun.of("extract", "--model", model.toString(), "--layer", "relu_out", "--images",
                    images.toString(), "--out", out.toString(), "--batch", "2", "--threads", "8");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().startsWith("Stored 3 images") && run.out().contains("skipped 10"), run.out());
            assertTrue(Files.readString(out.resolve("skipped.json")).contains(
                    "image is 20000x20000 = 400.0 MP, over the limit of 89.5 MP (setting max_pixels / --max-pixels)"));
            stores.add(StoreDigests.of(out));
        }
        assertTrue(stores.get(0).containsKey("manifest.json") && stores.get(0).size() > 2, stores.get(0).toString());
        assertEquals(stores.get(0), stores.get(1));
    }

    @Test
    void aRunThatStoresNothingFailsWithTheReasonAndLeavesTheStoreIncomplete() throws Exception {
        Path out = dir.resolve("store");
        CliRun tooBig = CliRun.of("extract", "--model", model.toString(), "--layer", "relu_out", "--images",
                images.toString(), "--out", out.toString(), "--max-pixels", "35");
        assertEquals(FacetCli.EXIT_FAILURE, tooBig.exitCode());
        assertTrue(tooBig.err().contains("error: Extraction stored no images: 5 of 5 images of " + images
                + " skipped (first reasons: img-0.png: image is 6x6 = 36 pixels, over the limit of 35 pixels"), tooBig.err());
        assertFalse(ActivationStore.openIncomplete(out).isComplete());
        Path list = Files.writeString(dir.resolve("list.txt"), "missing-1.png\nmissing-2.png\n");
        CliRun missing = CliRun.of("extract", "--model", model.toString(), "--layer", "relu_out", "--images",
                list.toString(), "--out", dir.resolve("from-list").toString());
        assertEquals(FacetCli.EXIT_FAILURE, missing.exitCode());
        assertTrue(missing.err().contains("stored no images: 2 of 2 images") && missing.err().contains("missing-1.png: "
                + "file does not exist"), missing.err());
    }

    @Test
    void theDemoRefusesMoreImagesThanAreBundled() {
        CliRun run = CliRun.of("demo", "--images", "5000", "--out", dir.resolve("demo").toString());
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode());
        assertEquals("error: Invalid facet demo --images: 5000; allowed: [1, 2000]: the bundled data holds 2000 images",
                run.err().strip());
        assertFalse(Files.exists(dir.resolve("demo")));
    }

    @Test
    void aMissingModelOrADanglingGraphIsAnErrorThatSaysWhy() throws Exception {
        CliRun missing = CliRun.of("extract", "--model", "/nope/m.onnx", "--list-tensors");
        assertEquals(FacetCli.EXIT_FAILURE, missing.exitCode());
        assertEquals("error: ONNX model /nope/m.onnx does not exist (nor does its folder /nope)", missing.err().strip());
        OnnxMl.ModelProto relu = OnnxMl.ModelProto.parseFrom(reluModel());
        OnnxMl.GraphProto.Builder graph = relu.getGraph().toBuilder();
        graph.getNodeBuilder(1).setInput(0, "nowhere");
        Path dangling = Files.write(dir.resolve("dangling.onnx"), relu.toBuilder().setGraph(graph).build().toByteArray());
        CliRun listed = CliRun.of("extract", "--model", dangling.toString(), "--list-tensors");
        assertEquals(FacetCli.EXIT_FAILURE, listed.exitCode());
        assertTrue(listed.err().contains("reads tensor 'nowhere', which no graph input, initializer or earlier node "
                + "produces"), listed.err());
    }

    @Test
    void listsTensorsWithOpsAndShapes() {
        CliRun run = CliRun.of("extract", "--model", model.toString(), "--list-tensors");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("relu_out (Relu) [?, 1, 4, 4]"), run.out());
        assertTrue(run.out().contains("y (GlobalAveragePool) [?, 1, 1, 1]"), run.out());
    }

    @Test
    void aWrongTensorNameListsTheCloseOnes() {
        CliRun run = CliRun.of("extract", "--model", model.toString(), "--layer", "relu_ot", "--images",
                images.toString(), "--out", dir.resolve("x").toString());
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode());
        assertEquals("error: Unknown hook point of 'relu.onnx' 'relu_ot'; available: [relu_out, y]",
                run.err().strip());
    }

    @Test
    void badModelsAndPathsAreOneErrorLine() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.onnx"), "not protobuf at all \u0001\u0002");
        CliRun corrupt = CliRun.of("extract", "--model", broken.toString(), "--list-tensors");
        assertEquals(FacetCli.EXIT_FAILURE, corrupt.exitCode());
        assertTrue(corrupt.err().startsWith("error: " + broken + ": not a valid ONNX model"), corrupt.err());
        CliRun noImages = CliRun.of("extract", "--model", model.toString(), "--layer", "relu_out", "--images",
                dir.resolve("absent").toString(), "--out", dir.resolve("y").toString());
        assertEquals(FacetCli.EXIT_FAILURE, noImages.exitCode());
        assertTrue(noImages.err().startsWith("error: ") && noImages.err().contains("absent"), noImages.err());
        CliRun noLayer = CliRun.of("extract", "--model", model.toString(), "--images", images.toString(),
                "--out", dir.resolve("z").toString());
        assertEquals("error: facet extract: missing required option --layer", noLayer.err().strip());
        CliRun badTokens = CliRun.of("extract", "--model", model.toString(), "--layer", "relu_out", "--tokens", "some",
                "--images", images.toString(), "--out", dir.resolve("w").toString());
        assertTrue(badTokens.err().contains("invalid tokens: 'some'; allowed: [all, cls, patch, registers]"), badTokens.err());
    }

    @Test
    void requiredOptionsAreCheckedBeforeAnyModelIsLoaded(@TempDir Path dir) {
        String absentModel = dir.resolve("absent.onnx").toString();
        CliRun noLayer = CliRun.of("extract", "--model", absentModel, "--images", dir.toString(),
                "--out", dir.resolve("store").toString());
        assertEquals(FacetCli.EXIT_FAILURE, noLayer.exitCode());
        assertTrue(noLayer.err().contains("missing required option --layer") && !noLayer.err().contains("absent.onnx"),
                noLayer.err());
        CliRun noImages = CliRun.of("extract", "--model", absentModel, "--layer", "3",
                "--images", dir.resolve("no-images").toString(), "--out", dir.resolve("store").toString());
        assertEquals(FacetCli.EXIT_FAILURE, noImages.exitCode());
        assertTrue(noImages.err().contains("--images") && noImages.err().contains("no-images")
                && !noImages.err().contains("absent.onnx"), noImages.err());
    }
}
