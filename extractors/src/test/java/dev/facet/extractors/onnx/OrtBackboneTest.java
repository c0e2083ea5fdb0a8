package dev.facet.extractors.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.TestOnnxModels;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.Device;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtBackboneTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void listsEveryTensorWithItsOpAndShape() throws Exception {
        OnnxGraph graph = OnnxGraph.read(write("chain.onnx", TestOnnxModels.spatialChain()));
        List<String> listed = graph.tensors().stream().map(TensorInfo::toString).toList();
        assertEquals(List.of("pixels (input) [?, 1, 4, 4]", "relu_out (Relu) [?, 1, 4, 4]", "doubled (Mul) ?",
                "y (GlobalAveragePool) [?, 1, 1, 1]"), listed);
        assertEquals(List.of("pixels"), graph.inputs());
        assertEquals(List.of("y"), graph.outputs());
        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> graph.tensor("relu_outt"));
        assertEquals("Unknown tensor in chain.onnx 'relu_outt'; available: [doubled, pixels, relu_out, y]", e.getMessage());
    }

    @Test
    void exposesIntermediateTensorsByRewritingTheGraph() throws Exception {
        Path model = write("chain.onnx", TestOnnxModels.spatialChain());
        try (OrtBackbone backbone = new OrtBackbone(model, null, Device.CPU, 1)) {
            assertEquals(1, backbone.info().input().channels());
            assertEquals(4, backbone.info().input().height());
            assertEquals(List.of("relu_out", "y"), backbone.info().hookPoints().stream().map(HookPoint::name).toList());
            assertEquals(new SpatialLayout(1, 4, 4), backbone.info().hookPoint("relu_out").layout());
            float[] pixels = new float[32];
            for (int i = 0; i < 32; i++) {
                pixels[i] = i % 2 == 0 ? i : -i;
            }
            Map<String, Tensor> out = backbone.forward(new Tensor(new long[] {2, 1, 4, 4}, pixels), List.of("relu_out", "y"));
            float[] relu = out.get("relu_out").data();
            for (int i = 0; i < 32; i++) {
                assertEquals(Math.max(0, pixels[i]), relu[i]);
            }
            assertArrayEquals(new long[] {2, 1, 1, 1}, out.get("y").shape());
            assertEquals(2 * (0 + 2 + 4 + 6 + 8 + 10 + 12 + 14) / 16f, out.get("y").data()[0], 1e-5);
            // A hook the session lacks triggers a rebuild that keeps the earlier outputs.
            assertEquals(relu[5], backbone.forward(new Tensor(new long[] {2, 1, 4, 4}, pixels), List.of("relu_out"))
                    .get("relu_out").data()[5]);
        }
    }

    @Test
    void badInputIsAClearError() throws Exception {
        Path model = write("chain.onnx", TestOnnxModels.spatialChain());
        try (OrtBackbone backbone = new OrtBackbone(model, null, Device.CPU, 1)) {
            InvalidDataException shape = assertThrows(InvalidDataException.class,
                    () -> backbone.forward(Tensor.zeros(1, 3, 4, 4), List.of("y")));
            assertTrue(shape.getMessage().contains("expected [1, 1, 4, 4]"), shape.getMessage());
            UnknownComponentException unknown = assertThrows(UnknownComponentException.class,
                    () -> backbone.forward(Tensor.zeros(1, 1, 4, 4), List.of("relu")));
            assertTrue(unknown.getMessage().contains("relu_out"), unknown.getMessage());
        }
        Path garbage = write("garbage.onnx", "definitely not protobuf \u0000\u0001".getBytes());
        CorruptArtifactException corrupt = assertThrows(CorruptArtifactException.class,
                () -> new OrtBackbone(garbage, null, Device.CPU, 1));
        assertTrue(corrupt.getMessage().startsWith(garbage + ": not a valid ONNX model"), corrupt.getMessage());
        Path empty = write("empty.onnx", new byte[0]);
        assertThrows(CorruptArtifactException.class, () -> new OrtBackbone(empty, null, Device.CPU, 1));
    }

    @Test
    void gpuRequestWithoutCudaFallsBackToTheCpu() throws Exception {
        Path model = write("chain.onnx", TestOnnxModels.spatialChain());
        try (OrtBackbone backbone = new OrtBackbone(model, null, Device.GPU, 1)) {
            assertEquals(0f, backbone.forward(Tensor.zeros(1, 1, 4, 4), List.of("y")).get("y").data()[0]);
        }
    }
}
