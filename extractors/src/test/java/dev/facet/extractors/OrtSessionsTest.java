package dev.facet.extractors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void runsASessionCreatedFromAnInMemoryModel() throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtSessions.open(TestOnnxModels.addRelu(), Path.of("add-relu.onnx"), options)) {
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
        byte[] model = TestOnnxModels.addRelu();
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
