package dev.facet.extractors.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnx.proto.OnnxMl;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TestOnnxModels;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.spi.BackboneException;
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
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtBackboneTest {
    private static final String TINY_VIT = "tiny-vit-fmnist";

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
            // 'doubled' has no recorded shape: the first info() learns it from one run.
            assertEquals(List.of("relu_out", "doubled", "y"),
                    backbone.info().hookPoints().stream().map(HookPoint::name).toList());
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
            assertEquals(0f, backbone.forward(Tensor.zeros(1, 1, 4, 4), "y").data()[0]);
        }
    }

    /** The bundled tiny ViT with its pixel input's shape replaced by {@code (batch, channels, height, width)}. */
    private Path tinyVitDeclaring(String name, long batch, long channels, long height, long width) throws Exception {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(BundledModels.onnx(TINY_VIT)));
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        OnnxMl.TensorShapeProto.Builder shape = graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                .getShapeBuilder().clear();
        for (long dim : new long[] {batch, channels, height, width}) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return write(name, model.toBuilder().setGraph(graph).build().toByteArray());
    }

    @Test
    void aModelExportedWithBatchOneRunsAnyBatchInChunksWithTheSameResults() throws Exception {
        Path batchOne = tinyVitDeclaring("tiny-vit-batch-1.onnx", 1, 1, 28, 28);
        ModelDescriptor descriptor = ModelDescriptors.builtin(TINY_VIT);
        float[] pixels = new float[5 * 28 * 28];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble(-1, 2);
        }
        Tensor batch = new Tensor(new long[] {5, 1, 28, 28}, pixels);
        List<String> hooks = List.of("layer.2", "logits");
        try (OrtBackbone dynamic = new OrtBackbone(BundledModels.onnx(TINY_VIT), descriptor, Device.CPU, 1);
             OrtBackbone fixed = new OrtBackbone(batchOne, descriptor, Device.CPU, 1)) {
            Map<String, Tensor> expected = dynamic.forward(batch, hooks);
            Map<String, Tensor> chunked = fixed.forward(batch, hooks);
            for (String hook : hooks) {
                assertArrayEquals(expected.get(hook).shape(), chunked.get(hook).shape(), hook);
                assertArrayEquals(expected.get(hook).data(), chunked.get(hook).data(), 1e-5f, hook);
            }
        }
    }

    @Test
    void aFixedBatchLargerThanTheLastChunkIsPaddedAndTrimmed() throws Exception {
        Path batchTwo = tinyVitDeclaring("tiny-vit-batch-2.onnx", 2, 1, 28, 28);
        ModelDescriptor descriptor = ModelDescriptors.builtin(TINY_VIT);
        Tensor batch = new Tensor(new long[] {3, 1, 28, 28}, new float[3 * 28 * 28]);
        batch.data()[2 * 28 * 28 + 100] = 1f;
        try (OrtBackbone dynamic = new OrtBackbone(BundledModels.onnx(TINY_VIT), descriptor, Device.CPU, 1);
             OrtBackbone fixed = new OrtBackbone(batchTwo, descriptor, Device.CPU, 1)) {
            Tensor expected = dynamic.forward(batch, "logits");
            Tensor chunked = fixed.forward(batch, "logits");
            assertArrayEquals(new long[] {3, 10}, chunked.shape());
            assertArrayEquals(expected.data(), chunked.data(), 1e-5f);
        }
    }

    @Test
    void aFixedBatchModelResumesInChunksOfItsBatch() throws Exception {
        Path batchTwo = tinyVitDeclaring("tiny-vit-batch-2-resume.onnx", 2, 1, 28, 28);
        ModelDescriptor descriptor = ModelDescriptors.builtin(TINY_VIT);
        float[] pixels = new float[3 * 28 * 28];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble(-1, 2);
        }
        Tensor batch = new Tensor(new long[] {3, 1, 28, 28}, pixels);
        try (OrtBackbone dynamic = new OrtBackbone(BundledModels.onnx(TINY_VIT), descriptor, Device.CPU, 1);
             OrtBackbone fixed = new OrtBackbone(batchTwo, descriptor, Device.CPU, 1)) {
            Map<String, Tensor> expected = dynamic.forward(batch, List.of("layer.3", "logits"));
            Tensor resumed = fixed.resume("layer.3", expected.get("layer.3"), "logits");
            assertArrayEquals(new long[] {3, 10}, resumed.shape());
            assertArrayEquals(expected.get("logits").data(), resumed.data(), 1e-4f);
        }
    }

    @Test
    void anInputShapeThatContradictsThePreprocessingNamesBothShapes() throws Exception {
        Path wrong = tinyVitDeclaring("tiny-vit-32.onnx", 1, 1, 32, 32);
        BackboneException e = assertThrows(BackboneException.class,
                () -> new OrtBackbone(wrong, ModelDescriptors.builtin(TINY_VIT), Device.CPU, 1));
        assertEquals("ONNX model " + wrong + ": input 'pixels' takes [1, 1, 32, 32], but the preprocessing gives "
                + "[n, 1, 28, 28]; fix the model descriptor or the export", e.getMessage());
    }

    @Test
    void aMissingModelFileSaysWhy() throws Exception {
        Path nowhere = Path.of("/nope/m.onnx");
        BackboneException missing = assertThrows(BackboneException.class, () -> new OrtBackbone(nowhere, null, Device.CPU, 1));
        assertEquals("ONNX model /nope/m.onnx does not exist (nor does its folder /nope)", missing.getMessage());
        BackboneException folder = assertThrows(BackboneException.class, () -> new OrtBackbone(dir, null, Device.CPU, 1));
        assertEquals("ONNX model " + dir + " is a directory, not a file", folder.getMessage());
        Path locked = write("locked.onnx", TestOnnxModels.spatialChain());
        Files.setPosixFilePermissions(locked, Set.of());
        assumeFalse(Files.isReadable(locked), "running as a user who reads any file");
        BackboneException denied = assertThrows(BackboneException.class, () -> new OrtBackbone(locked, null, Device.CPU, 1));
        assertEquals("ONNX model " + locked + " cannot be read: permission denied", denied.getMessage());
    }

    @Test
    void aDanglingTensorOrAnUnfedInputIsRefusedByName() throws Exception {
        OnnxMl.ModelProto chain = OnnxMl.ModelProto.parseFrom(TestOnnxModels.spatialChain());
        OnnxMl.GraphProto.Builder dangling = chain.getGraph().toBuilder();
        dangling.getNodeBuilder(1).setInput(1, "ghost");
        Path broken = write("dangling.onnx", chain.toBuilder().setGraph(dangling).build().toByteArray());
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> OnnxGraph.read(broken));
        assertEquals(broken + ": broken ONNX graph: node 'double' (Mul) reads tensor 'ghost', which no graph input, "
                + "initializer or earlier node produces", e.getMessage());

        OnnxMl.GraphProto.Builder unfed = chain.getGraph().toBuilder();
        unfed.addInput(unfed.getInput(0).toBuilder().setName("mask"));
        unfed.getNodeBuilder(1).setInput(1, "mask");
        Path twoInputs = write("two-inputs.onnx", chain.toBuilder().setGraph(unfed).build().toByteArray());
        // The tiny ViT's descriptor names 'pixels' as the pixel input, so 'mask' would go unfed.
        BackboneException notFed = assertThrows(BackboneException.class,
                () -> new OrtBackbone(twoInputs, ModelDescriptors.builtin(TINY_VIT), Device.CPU, 1));
        assertTrue(notFed.getMessage().startsWith("ONNX model " + twoInputs + " has inputs [mask] besides the pixel "
                + "input 'pixels'"), notFed.getMessage());
    }
}
