package dev.facet.extractors.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TestOnnxModels;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.spi.BackboneException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hook points of models whose graph records no shapes: learned from one probe run, read with the
 * right values, and every name that is not an activation refused with the reason.
 */
class ProbedHooksTest {
    private static final int HEIGHT = 6;
    private static final int WIDTH = 8;

    @TempDir
    Path dir;

    private Path dynamicModel() throws Exception {
        return Files.write(dir.resolve("dynamic.onnx"), TestOnnxModels.dynamicConvNet());
    }

    private static InputSpec rgb(int height, int width) {
        return new InputSpec(3, height, width, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1});
    }

    private static Tensor randomImages(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * 3 * HEIGHT * WIDTH];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble(-1, 1);
        }
        return new Tensor(new long[] {n, 3, HEIGHT, WIDTH}, pixels);
    }

    /** The test model's convolution, computed by hand: (n, 4, H, W), 3×3, padding 1. */
    private static float[] convolve(Tensor images) {
        int n = (int) images.dim(0);
        float[] weights = TestOnnxModels.convWeights();
        float[] bias = TestOnnxModels.convBias();
        float[] out = new float[n * 4 * HEIGHT * WIDTH];
        for (int image = 0; image < n; image++) {
            for (int o = 0; o < 4; o++) {
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        double sum = bias[o];
                        for (int c = 0; c < 3; c++) {
                            for (int dy = 0; dy < 3; dy++) {
                                for (int dx = 0; dx < 3; dx++) {
                                    int sy = y + dy - 1;
                                    int sx = x + dx - 1;
                                    if (sy >= 0 && sy < HEIGHT && sx >= 0 && sx < WIDTH) {
                                        sum += weights[((o * 3 + c) * 3 + dy) * 3 + dx]
                                                * images.get(image, c, sy, sx);
                                    }
                                }
                            }
                        }
                        out[((image * 4 + o) * HEIGHT + y) * WIDTH + x] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    private static List<String> names(BackboneInfo info) {
        return info.hookPoints().stream().map(HookPoint::name).toList();
    }

    @Test
    void aDynamicModelListsItsTensorsWithoutADescriptorAndSaysItNeedsTheInputSize() throws Exception {
        Path model = dynamicModel();
        try (OrtBackbone backbone = new OrtBackbone(model, null, Device.CPU, 1)) {
            List<String> listed = backbone.tensors().stream().map(TensorInfo::toString).toList();
            assertEquals(List.of("pixels (input) [?, 3, ?, ?]", "conv_out (Conv) ?", "relu_out (Relu) ?",
                    "scaled (Mul) ?", "relu_fp16 (Cast) ?", "relu_f64 (Cast) ?", "shape_out (Shape) ?", "rank5 (Unsqueeze) ?",
                    "nhwc (Transpose) ?", "pe_copy (Identity) ?", "pooled (GlobalAveragePool) ?",
                    "y (Flatten) [?, 4]"), listed);
            String expected = "ONNX model " + model + ": input 'pixels' has shape [?, 3, ?, ?], so Facet needs the "
                    + "input size: give it with --input-size (backbone setting input_size) or as input.height and input.width in a "
                    + "model descriptor (--descriptor)";
            assertEquals(expected, backbone.missingInput().orElseThrow());
            assertEquals(expected, assertThrows(BackboneException.class, backbone::info).getMessage());
            assertEquals(expected, assertThrows(BackboneException.class,
                    () -> backbone.forward(randomImages(1, 0), List.of("conv_out"))).getMessage());
        }
    }

    @Test
    void unshapedTensorsAreHookPointsWithTheRightValuesOnceTheSizeIsGiven() throws Exception {
        try (OrtBackbone backbone = new OrtBackbone(dynamicModel(), null, rgb(HEIGHT, WIDTH), MapLayout.AUTO,
                Device.CPU, 1)) {
            assertTrue(backbone.missingInput().isEmpty());
            assertEquals("conv_out (Conv) ?", backbone.tensors().get(1).toString(), "no probe before info()");
            BackboneInfo info = backbone.info();
            assertEquals(List.of("conv_out", "relu_out", "scaled", "relu_fp16", "relu_f64", "nhwc", "pooled", "y"), names(info));
            assertEquals(new SpatialLayout(4, HEIGHT, WIDTH), info.hookPoint("conv_out").layout());
            assertEquals(new SpatialLayout(4, HEIGHT, WIDTH), info.hookPoint("nhwc").layout(), "read channels-last");
            assertEquals(new SpatialLayout(4, 1, 1), info.hookPoint("pooled").layout());
            assertEquals(new VectorLayout(4), info.hookPoint("y").layout());
            assertTrue(backbone.tensors().stream().map(TensorInfo::toString).toList().containsAll(List.of(
                    "conv_out (Conv) [?, 4, 6, 8]", "shape_out (Shape) [4]", "nhwc (Transpose) [?, 6, 8, 4]",
                    "pe_copy (Identity) [1, 4, 1, 1]", "rank5 (Unsqueeze) [?, 1, 4, 6, 8]")), backbone.tensors().toString());

            Tensor images = randomImages(3, 7);
            Map<String, Tensor> out = backbone.forward(images,
                    List.of("conv_out", "relu_out", "scaled", "relu_fp16", "relu_f64", "nhwc", "y"));
            float[] conv = convolve(images);
            assertArrayEquals(new long[] {3, 4, HEIGHT, WIDTH}, out.get("conv_out").shape());
            assertArrayEquals(conv, out.get("conv_out").data(), 1e-5f);
            float[] relu = out.get("relu_out").data();
            for (int i = 0; i < conv.length; i++) {
                assertEquals(Math.max(0, conv[i]), relu[i], 1e-5f);
                assertEquals(relu[i] * 0.5f, out.get("scaled").data()[i], 1e-5f);
                assertEquals(relu[i], out.get("relu_fp16").data()[i], 2e-3f * Math.max(1, relu[i]));
                assertEquals(relu[i], out.get("relu_f64").data()[i]);
            }
            assertArrayEquals(new long[] {3, 4, HEIGHT, WIDTH}, out.get("nhwc").shape());
            assertArrayEquals(relu, out.get("nhwc").data(), "transposed back to (n, c, h, w)");
            float[] y = out.get("y").data();
            for (int image = 0; image < 3; image++) {
                for (int c = 0; c < 4; c++) {
                    double mean = 0;
                    for (int p = 0; p < HEIGHT * WIDTH; p++) {
                        mean += relu[(image * 4 + c) * HEIGHT * WIDTH + p];
                    }
                    assertEquals(mean / (HEIGHT * WIDTH), y[image * 4 + c], 1e-5);
                }
            }
        }
    }

    @Test
    void weightsConstantsIntegersAndShapesThatFitNoLayoutAreRefusedWithTheReason() throws Exception {
        try (OrtBackbone backbone = new OrtBackbone(dynamicModel(), null, rgb(HEIGHT, WIDTH), MapLayout.AUTO,
                Device.CPU, 1)) {
            BackboneInfo info = backbone.info();
            Map<String, String> refusals = Map.of(
                    "W", "'W' is a weight (initializer) of the model, not an activation",
                    "c", "'c' is a constant of the model (output of Constant node 'half'), not an activation",
                    "pixels", "'pixels' is the model's pixel input, not an activation",
                    "shape_out", "'shape_out' holds int64 values, not floating-point ones",
                    "rank5", "'rank5' has shape [?, 1, 4, 6, 8], which fits no layout Facet reads: (n, f) vectors, "
                            + "(n, c, h, w) or (n, h, w, c) feature maps, and (n, t, c) tokens with t a square grid, "
                            + "a square grid plus CLS",
                    "pe_copy", "'pe_copy' has shape [1, 4, 1, 1], whose first axis does not follow the number of "
                            + "images, so it is not one activation per image");
            refusals.forEach((name, reason) -> {
                ConfigException e = assertThrows(ConfigException.class, () -> info.hookPoint(name), name);
                assertEquals(reason + "; it cannot be a hook point of 'dynamic.onnx'", e.getMessage());
                assertEquals(e.getMessage(), assertThrows(ConfigException.class,
                        () -> backbone.forward(randomImages(1, 1), List.of(name))).getMessage());
            });
            assertFalse(names(info).contains("B"));
        }
    }

    @Test
    void theLayoutOptionOverridesHowMapsAreRead() throws Exception {
        try (OrtBackbone first = new OrtBackbone(dynamicModel(), null, rgb(HEIGHT, WIDTH), MapLayout.NCHW, Device.CPU, 1);
             OrtBackbone last = new OrtBackbone(dynamicModel(), null, rgb(HEIGHT, WIDTH), MapLayout.NHWC, Device.CPU, 1)) {
            assertEquals(new SpatialLayout(HEIGHT, WIDTH, 4), first.info().hookPoint("nhwc").layout());
            assertEquals(new SpatialLayout(WIDTH, 4, HEIGHT), last.info().hookPoint("relu_out").layout());
            Tensor images = randomImages(2, 3);
            Tensor asStored = first.forward(images, "nhwc");
            Tensor transposed = last.forward(images, "nhwc");
            assertArrayEquals(new long[] {2, HEIGHT, WIDTH, 4}, asStored.shape());
            assertArrayEquals(new long[] {2, 4, HEIGHT, WIDTH}, transposed.shape());
            assertEquals(asStored.get(1, 2, 5, 3), transposed.get(1, 3, 2, 5));
        }
    }

    @Test
    void aGivenInputSizeMustAgreeWithTheFixedDimensions() throws Exception {
        Path model = dynamicModel();
        InputSpec gray = new InputSpec(1, HEIGHT, WIDTH, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[1], new float[] {1});
        ConfigException e = assertThrows(ConfigException.class,
                () -> new OrtBackbone(model, null, gray, MapLayout.AUTO, Device.CPU, 1));
        assertEquals("ONNX model " + model + ": invalid order: 'gray' gives 1 channel(s), but the model's input takes 3 "
                + "(shape [?, 3, ?, ?])", e.getMessage());
        Path fixed = Files.write(dir.resolve("fixed.onnx"), TestOnnxModels.convNet(HEIGHT, WIDTH));
        try (OrtBackbone fromGraph = new OrtBackbone(fixed, null, Device.CPU, 1);
             OrtBackbone given = new OrtBackbone(model, null, rgb(HEIGHT, WIDTH), MapLayout.AUTO, Device.CPU, 1)) {
            assertEquals(names(given.info()), names(fromGraph.info()));
            Tensor images = randomImages(2, 5);
            assertArrayEquals(given.forward(images, "relu_out").data(),
                    fromGraph.forward(images, "relu_out").data());
        }
    }

    @Test
    void theTinyVitWithoutValueInfoHasTheSameHookPointsAndActivations() throws Exception {
        byte[] bundled = Files.readAllBytes(BundledModels.onnx("tiny-vit-fmnist"));
        Path stripped = Files.write(dir.resolve("tiny-vit-stripped.onnx"), TestOnnxModels.withoutValueInfo(bundled));
        ModelDescriptor descriptor = ModelDescriptors.builtin("tiny-vit-fmnist");
        SplittableRandom random = new SplittableRandom(11);
        float[] pixels = new float[3 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble(-1, 2);
        }
        Tensor images = new Tensor(new long[] {3, 1, 28, 28}, pixels);
        List<String> hooks = List.of("layer.0", "layer.3", "logits", "/patch_embed/Conv_output_0",
                "/blocks.1/attn/Softmax_output_0", "/blocks.2/mlp/fc1/MatMul_output_0", "/Expand_output_0");
        try (OrtBackbone recorded = new OrtBackbone(BundledModels.onnx("tiny-vit-fmnist"), descriptor, Device.CPU, 1);
             OrtBackbone probed = new OrtBackbone(stripped, descriptor, Device.CPU, 1)) {
            assertEquals(recorded.info().hookPoints(), probed.info().hookPoints());
            assertEquals(recorded.info().refused().keySet(), probed.info().refused().keySet());
            assertTrue(recorded.info().hookPoints().size() > 100, recorded.info().hookPoints().size() + " hook points");
            Map<String, Tensor> expected = recorded.forward(images, hooks);
            assertSameActivations(expected, probed.forward(images, hooks));
            try (OrtBackbone batchOne = new OrtBackbone(strippedWithBatchOne(stripped), descriptor, Device.CPU, 1)) {
                assertEquals(recorded.info().hookPoints(), batchOne.info().hookPoints(), "probed with its fixed batch");
                assertSameActivations(expected, batchOne.forward(images, hooks));
            }
        }
    }

    private Path strippedWithBatchOne(Path stripped) throws Exception {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(stripped));
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0)
                .clearDimParam().setDimValue(1);
        return Files.write(dir.resolve("tiny-vit-batch-1.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
    }

    private static void assertSameActivations(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        for (String hook : expected.keySet()) {
            assertArrayEquals(expected.get(hook).shape(), actual.get(hook).shape(), hook);
            assertArrayEquals(expected.get(hook).data(), actual.get(hook).data(), 1e-5f, hook);
        }
    }
}
