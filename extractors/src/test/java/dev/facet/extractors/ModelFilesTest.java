package dev.facet.extractors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.extractors.onnx.OnnxGraph;
import dev.facet.spi.BackboneException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model file or a descriptor file cannot be read gives its own message, naming the file. */
class ModelFilesTest {

    @TempDir
    Path dir;

    private static String message(Class<? extends FacetException> type, Executable action) {
        return assertThrows(type, action).getMessage();
    }

    @Test
    void aModelThatIsMissingADirectoryOrNotAFileSaysSo() {
        Path nowhere = Path.of("/nope/m.onnx");
        assertEquals("ONNX model /nope/m.onnx does not exist (nor does its folder /nope)",
                message(BackboneException.class, () -> OnnxGraph.read(nowhere)));
        Path absent = dir.resolve("absent.onnx");
        assertEquals("ONNX model " + absent + " does not exist", message(BackboneException.class, () -> OnnxGraph.read(absent)));
        assertEquals("ONNX model " + dir + " is a directory, not a file",
                message(BackboneException.class, () -> OnnxGraph.read(dir)));
        Path device = Path.of("/dev/null");
        assumeTrue(Files.exists(device));
        assertEquals("ONNX model /dev/null is not a regular file", message(BackboneException.class, () -> OnnxGraph.read(device)));
    }

    @Test
    void aModelWithoutReadPermissionSaysSo() throws Exception {
        Path locked = Files.write(dir.resolve("locked.onnx"), TestOnnxModels.addRelu());
        Files.setPosixFilePermissions(locked, Set.of());
        assumeFalse(Files.isReadable(locked), "running as a user who reads any file");
        assertEquals("ONNX model " + locked + " cannot be read: permission denied",
                message(BackboneException.class, () -> OnnxGraph.read(locked)));
    }

    @Test
    void anEmptyTruncatedOrForeignModelIsACorruptArtifactSayingWhich() throws Exception {
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertEquals(empty + ": not a valid ONNX model: the file is empty (0 bytes)",
                message(CorruptArtifactException.class, () -> OnnxGraph.read(empty)));

        byte[] bundled = Files.readAllBytes(BundledModels.onnx("tiny-vit-fmnist"));
        Path half = Files.write(dir.resolve("half.onnx"), Arrays.copyOf(bundled, bundled.length / 2));
        assertEquals(half + ": not a valid ONNX model: the file is truncated (it ends inside the model after "
                + bundled.length / 2 + " bytes); copy or export it again",
                message(CorruptArtifactException.class, () -> OnnxGraph.read(half)));

        Path text = Files.writeString(dir.resolve("text.onnx"), "definitely not protobuf \u0000\u0001");
        String notProtobuf = message(CorruptArtifactException.class, () -> OnnxGraph.read(text));
        assertTrue(notProtobuf.startsWith(text + ": not a valid ONNX model: it is not an ONNX protobuf ("), notProtobuf);

        byte[] noGraph = OnnxMl.ModelProto.newBuilder().setIrVersion(8).build().toByteArray();
        Path graphless = Files.write(dir.resolve("graphless.onnx"), noGraph);
        assertEquals(graphless + ": not a valid ONNX model: it holds no graph (" + noGraph.length + " bytes)",
                message(CorruptArtifactException.class, () -> OnnxGraph.read(graphless)));
        byte[] noNodes = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("empty")).build().toByteArray();
        Path nodeless = Files.write(dir.resolve("nodeless.onnx"), noNodes);
        assertEquals(nodeless + ": not a valid ONNX model: it holds no graph nodes (" + noNodes.length + " bytes)",
                message(CorruptArtifactException.class, () -> OnnxGraph.read(nodeless)));
    }

    @Test
    void anEmptyModelIsRefusedBeforeAnEngineSeesIt() throws Exception {
        Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertEquals(empty + ": not a valid TorchScript model: the file is empty (0 bytes)",
                message(CorruptArtifactException.class, () -> ModelFiles.requireReadable(empty, "TorchScript model")));
    }

    @Test
    void aDescriptorFileThatCannotBeReadSaysWhy() throws Exception {
        Path absent = dir.resolve("absent.json");
        assertEquals("Model descriptor " + absent + " does not exist",
                message(ConfigException.class, () -> ModelDescriptors.read(absent)));
        assertEquals("Model descriptor " + dir + " is a directory, not a file",
                message(ConfigException.class, () -> ModelDescriptors.read(dir)));
        Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
        assertEquals("Model descriptor " + empty + " is empty (0 bytes); expected a JSON object",
                message(ConfigException.class, () -> ModelDescriptors.read(empty)));
        Path text = Files.writeString(dir.resolve("text.json"), "name: vit");
        String notJson = message(ConfigException.class, () -> ModelDescriptors.read(text));
        assertTrue(notJson.startsWith(text + ": invalid model descriptor: "), notJson);
        Path locked = Files.writeString(dir.resolve("locked.json"), "{}");
        Files.setPosixFilePermissions(locked, Set.of());
        assumeFalse(Files.isReadable(locked), "running as a user who reads any file");
        assertEquals("Model descriptor " + locked + " cannot be read: permission denied",
                message(ConfigException.class, () -> ModelDescriptors.read(locked)));
    }
}
