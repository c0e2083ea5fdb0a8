package dev.facet.extractors.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.ResumableBackbone;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resuming the bundled ONNX models from a hook point by graph surgery. */
class OrtResumeTest {
    private static final double RELATIVE = 1e-4;
    private static final List<String> VIT_LAYERS = List.of("layer.0", "layer.1", "layer.2", "layer.3", "layer.4");
    private static final List<String> MOBILENET_HOOKS = List.of("block_12_add", "block_13_expand_relu", "out_relu",
            "flatten_1");
    private static ResumableBackbone vit;
    private static ResumableBackbone mobilenet;
    private static Tensor fashion;
    private static Tensor photos;

    @BeforeAll
    static void open() {
        vit = assertInstanceOf(ResumableBackbone.class, new OnnxBackboneFactory().open(BackboneConfig.of("tiny-vit-fmnist")));
        mobilenet = assertInstanceOf(ResumableBackbone.class, new OnnxBackboneFactory().open(BackboneConfig.of("mobilenet-v2")));
        fashion = firstBatch(vit, BundledModels.fashionMnistImages(), 8);
        photos = firstBatch(mobilenet, BundledModels.photos(), 3);
    }

    private static Tensor firstBatch(ResumableBackbone backbone, Path images, int size) {
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(images),
                new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(size))) {
            ImageBatch batch = loader.next();
            return batch.pixels();
        }
    }

    @AfterAll
    static void close() {
        vit.close();
        mobilenet.close();
    }

    /** The largest difference relative to the largest magnitude of {@code expected}. */
    static double relativeDiff(Tensor actual, Tensor expected) {
        assertArrayEquals(expected.shape(), actual.shape());
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) {
            worst = Math.max(worst, Math.abs(actual.data()[i] - expected.data()[i]));
            scale = Math.max(scale, Math.abs(expected.data()[i]));
        }
        return worst / scale;
    }

    @Test
    void declaresResumingAndListsItsHooksAndOutputs() {
        assertTrue(vit.info().capabilities().contains(Capability.RESUME_FROM_HOOK));
        assertFalse(vit.info().capabilities().contains(Capability.RESUME_GRADIENTS));
        assertEquals(List.of("logits"), vit.resumeOutputs());
        assertTrue(vit.resumableHookPoints().containsAll(VIT_LAYERS), vit.resumableHookPoints().toString());
        assertEquals(List.of("logits", "dense_3"), mobilenet.resumeOutputs());
        assertTrue(mobilenet.resumableHookPoints().containsAll(MOBILENET_HOOKS));
        assertFalse(mobilenet.resumableHookPoints().contains("block_14_expand_relu"), "inside a residual block");
    }

    @Test
    void resumingTheTinyVitFromEveryLayerGivesItsLogits() {
        List<String> hooks = new ArrayList<>(VIT_LAYERS);
        hooks.add("logits");
        Map<String, Tensor> out = vit.forward(fashion, hooks);
        for (String layer : VIT_LAYERS) {
            double diff = relativeDiff(vit.resume(layer, out.get(layer), "logits"), out.get("logits"));
            assertTrue(diff < RELATIVE, layer + ": resumed logits differ by " + diff + " (relative)");
        }
    }

    @Test
    void resumingMobileNetFromBlockOutputsGivesItsLogitsAndProbabilities() {
        List<String> hooks = new ArrayList<>(MOBILENET_HOOKS);
        hooks.addAll(List.of("logits", "dense_3"));
        Map<String, Tensor> out = mobilenet.forward(photos, hooks);
        for (String hook : MOBILENET_HOOKS) {
            for (String output : List.of("logits", "dense_3")) {
                double diff = relativeDiff(mobilenet.resume(hook, out.get(hook), output), out.get(output));
                assertTrue(diff < RELATIVE, hook + " -> " + output + ": differs by " + diff + " (relative)");
            }
        }
    }

    @Test
    void anEditAtTheHookChangesTheResumedOutput() {
        Tensor layer = vit.forward(fashion, "layer.2");
        Tensor logits = vit.resume("layer.2", layer, "logits");
        float[] edited = layer.data().clone();
        for (int i = 0; i < 128; i++) {
            edited[i] += i % 2 == 0 ? 2f : -2f; // not a constant shift, which LayerNorm would undo
        }
        Tensor changed = vit.resume("layer.2", new Tensor(layer.shape(), edited), "logits");
        assertTrue(relativeDiff(changed, logits) > 1e-3, "moving image 0's CLS token moves its logits");
        for (int i = 10; i < logits.size(); i++) {
            assertEquals(logits.data()[i], changed.data()[i], 1e-4, "the other images keep theirs");
        }
    }

    @Test
    void aHookInsideAResidualBlockIsRefusedNamingTheSkipConnection() {
        Tensor inside = mobilenet.forward(photos, "block_14_expand_relu");
        ConfigException refused = assertThrows(ConfigException.class,
                () -> mobilenet.resume("block_14_expand_relu", inside, "logits"));
        assertTrue(refused.getMessage().contains("'block_14_expand_relu'") && refused.getMessage().contains("'logits'")
                && refused.getMessage().contains("'block_13_project_BN'"), refused.getMessage());
    }

    @Test
    void malformedRequestsAreRefusedByName() {
        Tensor layer = vit.forward(fashion, "layer.1");
        InvalidDataException shape = assertThrows(InvalidDataException.class,
                () -> vit.resume("layer.1", Tensor.zeros(8, 49, 128), "logits"));
        assertTrue(shape.getMessage().contains("layer.1"), shape.getMessage());
        float[] nan = layer.data().clone();
        nan[5 * 128 + 3] = Float.NaN;
        InvalidDataException notFinite = assertThrows(InvalidDataException.class,
                () -> vit.resume("layer.1", new Tensor(layer.shape(), nan), "logits"));
        assertTrue(notFinite.getMessage().contains("layer.1") && notFinite.getMessage().contains("NaN"),
                notFinite.getMessage());
        UnknownComponentException hook = assertThrows(UnknownComponentException.class,
                () -> vit.resume("layer.9", layer, "logits"));
        assertTrue(hook.getMessage().contains("layer.9"), hook.getMessage());
        UnknownComponentException output = assertThrows(UnknownComponentException.class,
                () -> vit.resume("layer.1", layer, "probabilities"));
        assertTrue(output.getMessage().contains("probabilities") && output.getMessage().contains("logits"),
                output.getMessage());
        assertThrows(MissingCapabilityException.class,
                () -> vit.resumeGradient("layer.1", layer, "logits", Tensor.zeros(8, 10)), "ONNX Runtime has no gradients");
        ConfigException itself = assertThrows(ConfigException.class, () -> vit.resume("logits",
                Tensor.zeros(8, 10), "logits"));
        assertTrue(itself.getMessage().contains("output itself"), itself.getMessage());
    }
}
