package dev.facet.extractors.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TestOnnxModels;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.spi.BackboneException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preprocessing settings and a CNN descriptor's named hooks on ONNX models. */
class OrtInputOptionsTest {

    @TempDir
    Path dir;

    private Backbone open(Path model, Map<String, ?> options) {
        return new OnnxBackboneFactory().open(new BackboneConfig(model.toString(), Device.CPU,
                ConfigValues.of("backbone 'onnx'", options)));
    }

    /** pixels (n, 3, h, w), h and w symbolic → relu_out → y = global average pool (n, 3, 1, 1). */
    private Path anySizeModel() throws Exception {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("any-size")
                .addInput(value("pixels", "n", 3, "h", "w"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("pixels").addOutput("relu_out"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("GlobalAveragePool").addInput("relu_out").addOutput("y"))
                .addOutput(value("y", "n", 3, 1, 1))
                .build();
        return Files.write(dir.resolve("any-size.onnx"), OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build()
                .toByteArray());
    }

    /** A float tensor's value info; each dim an Integer (fixed) or a String (symbolic). */
    private static OnnxMl.ValueInfoProto value(String name, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            shape.addDim(dim instanceof Integer fixed ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(fixed)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam((String) dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    @Test
    void theInputSizeSettingFillsASymbolicInputSize() throws Exception {
        Path model = anySizeModel();
        try (Backbone unsized = open(model, Map.of())) {
            BackboneException missing = assertThrows(BackboneException.class, unsized::info);
            assertEquals("ONNX model " + model + ": input 'pixels' has shape [?, 3, ?, ?], so Facet needs the input size: "
                    + "give it with --input-size (backbone setting input_size) or as input.height and input.width in a "
                    + "model descriptor (--descriptor)", missing.getMessage());
        }
        try (Backbone backbone = open(model, Map.of("input_size", "5x7", "mean", 0.5, "std", "0.25", "resize",
                "centre-crop"))) {
            InputSpec input = backbone.info().input();
            assertEquals(List.of(3, 5, 7), List.of(input.channels(), input.height(), input.width()));
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, input.mean());
            assertEquals(new SpatialLayout(3, 1, 1), backbone.info().hookPoint("y").layout());
            float[] pixels = new float[2 * 3 * 5 * 7];
            java.util.Arrays.fill(pixels, 2f);
            Tensor y = backbone.forward(new Tensor(new long[] {2, 3, 5, 7}, pixels), "y");
            assertArrayEquals(new long[] {2, 3, 1, 1}, y.shape());
            assertEquals(2f, y.data()[5]);
        }
    }

    @Test
    void settingsReplaceTheGraphsInputFieldByFieldAndMatchTheBundledDescriptor() throws Exception {
        Path vit = BundledModels.onnx("tiny-vit-fmnist");
        InputSpec described = ModelDescriptors.builtin("tiny-vit-fmnist").inputSpec();
        try (Backbone bare = open(vit, Map.of());
             Backbone set = open(vit, Map.of("input_size", 28, "mean", 0.286, "std", 0.353, "order", "gray"))) {
            assertArrayEquals(new float[] {0f}, bare.info().input().mean());
            assertEquals(described, set.info().input());
        }
        ConfigException wrongSize = assertThrows(ConfigException.class, () -> open(vit, Map.of("input_size", 32)));
        assertEquals("ONNX model " + vit + ": invalid input_size: 32; the model's input has shape [?, 1, 28, 28]",
                wrongSize.getMessage());
        ConfigException wrongOrder = assertThrows(ConfigException.class, () -> open(vit, Map.of("order", "bgr")));
        assertTrue(wrongOrder.getMessage().contains("invalid order: 'bgr' gives 3 channel(s), but the model's input "
                + "takes 1"), wrongOrder.getMessage());
        try (Backbone withDescriptor = open(vit, Map.of("descriptor", "tiny-vit-fmnist", "std", 0.5, "resize", "pad"))) {
            InputSpec input = withDescriptor.info().input();
            assertArrayEquals(described.mean(), input.mean());
            assertArrayEquals(new float[] {0.5f}, input.std());
            assertEquals(dev.facet.spi.backbone.ResizeMode.PAD, input.resize());
        }
    }

    @Test
    void aCnnDescriptorsNamedHooksTakeTheLayoutsOfTheirTensors() throws Exception {
        Path model = Files.write(dir.resolve("chain.onnx"), TestOnnxModels.spatialChain());
        String descriptor = """
                {"schema": 1, "name": "chain",
                 "input": {"channels": 1, "height": 4, "width": 4, "order": "gray", "resize": "stretch",
                           "mean": [0], "std": [1]},
                 "onnx": {"hooks": {"features": "relu_out", "pooled": "y"}}}
                """;
        Path file = Files.writeString(dir.resolve("chain.json"), descriptor);
        try (Backbone backbone = open(model, Map.of("descriptor", file.toString()))) {
            List<String> names = backbone.info().hookPoints().stream().map(HookPoint::name).toList();
            assertEquals(List.of("features", "pooled", "relu_out", "doubled", "y"), names);
            assertEquals(new SpatialLayout(1, 4, 4), backbone.info().hookPoint("features").layout());
            float[] pixels = new float[16];
            pixels[3] = -1f;
            pixels[4] = 3f;
            Map<String, Tensor> out = backbone.forward(new Tensor(new long[] {1, 1, 4, 4}, pixels),
                    List.of("features", "relu_out"));
            assertArrayEquals(out.get("relu_out").data(), out.get("features").data());
            assertEquals(3f, out.get("features").data()[4]);
        }
        Path unknownShape = Files.writeString(dir.resolve("doubled.json"), descriptor.replace("\"y\"", "\"doubled\""));
        try (Backbone probed = open(model, Map.of("descriptor", unknownShape.toString()))) {
            // the graph records no shape for 'doubled': the named hook takes the layout of the probe run
            assertEquals(probed.info().hookPoint("doubled").layout(), probed.info().hookPoint("pooled").layout());
            assertEquals(new SpatialLayout(1, 4, 4), probed.info().hookPoint("pooled").layout());
        }
    }
}
