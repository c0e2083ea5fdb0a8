package dev.facet.extractors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.facet.spi.BackboneException;
import dev.facet.spi.CorruptArtifactException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtSessionsTest {

    /** y = relu(x + b) with b = [1, -2, 3], built as an ONNX protobuf in memory. */
    static byte[] addReluModel() {
        OnnxMl.TensorProto bias = OnnxMl.TensorProto.newBuilder()
                .setName("b").setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(3).addFloatData(1f).addFloatData(-2f).addFloatData(3f).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("add-relu")
                .addInput(floatInput("x", 3))
                .addInitializer(bias)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").setName("add")
                        .addInput("x").addInput("b").addOutput("sum"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName("relu")
                        .addInput("sum").addOutput("y"))
                .addOutput(floatInput("y", 3))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("facet-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto floatInput(String name, int width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    @Test
    void runsASessionCreatedFromAnInMemoryModel() throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtSessions.open(addReluModel(), Path.of("add-relu.onnx"), options)) {
            assertEquals(Set.of("x"), session.getInputNames());
            assertEquals(Set.of("y"), session.getOutputNames());
            float[] x = {0.5f, 1f, -4f, -1f, 3f, 0f};
            try (OnnxTensor input = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(x), new long[] {2, 3});
                 OrtSession.Result result = session.run(Map.of("x", input))) {
                float[][] y = (float[][]) result.get(0).getValue();
                assertArrayEquals(new float[] {1.5f, 0f, 0f}, y[0]);
                assertArrayEquals(new float[] {0f, 1f, 3f}, y[1]);
            }
        }
    }

    @Test
    void malformedModelBytesAreACorruptArtifactNamingTheModel() throws OrtException {
        byte[] garbage = "this is not a protobuf".getBytes(StandardCharsets.UTF_8);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                    () -> OrtSessions.open(garbage, Path.of("broken.onnx"), options));
            assertTrue(e.getMessage().startsWith("broken.onnx: not a valid ONNX model"), e.getMessage());
        }
    }

    @Test
    void truncatedModelFileIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        byte[] model = addReluModel();
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(model, model.length / 2));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> OrtSessions.open(truncated, options));
            assertTrue(e instanceof CorruptArtifactException || e instanceof BackboneException, e.toString());
            assertTrue(e.getMessage().contains("truncated.onnx"), e.getMessage());
            BackboneException missing = assertThrows(BackboneException.class,
                    () -> OrtSessions.open(dir.resolve("absent.onnx"), options));
            assertTrue(missing.getMessage().contains("absent.onnx does not exist"), missing.getMessage());
        }
    }
}
