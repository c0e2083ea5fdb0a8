package dev.facet.extractors.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resuming the bundled tiny ViT from {@code layer.i} through its TorchScript head, and its gradient. */
class TorchScriptResumeTest {
    private static final List<String> LAYERS = List.of("layer.0", "layer.1", "layer.2", "layer.3", "layer.4");
    private static ResumableBackbone vit;
    private static Tensor pixels;

    @BeforeAll
    static void open() {
        vit = assertInstanceOf(ResumableBackbone.class,
                new TorchScriptBackboneFactory().open(BackboneConfig.of("tiny-vit-fmnist")));
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                new ImagePreprocessor(vit.info().input()), LoaderOptions.withBatchSize(4))) {
            pixels = loader.next().pixels();
        }
    }

    @AfterAll
    static void close() {
        vit.close();
    }

    @Test
    void declaresResumingFromEveryLayerToTheLogits() {
        assertTrue(vit.info().capabilities().containsAll(List.of(Capability.RESUME_FROM_HOOK, Capability.RESUME_GRADIENTS)));
        assertEquals(LAYERS, vit.resumableHookPoints());
        assertEquals(List.of("logits"), vit.resumeOutputs());
    }

    @Test
    void theHeadOfEveryLayerGivesTheModelsLogits() {
        List<String> hooks = new ArrayList<>(LAYERS);
        hooks.add("logits");
        Map<String, Tensor> out = vit.forward(pixels, hooks);
        Tensor logits = out.get("logits");
        double scale = 0;
        for (float value : logits.data()) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (String layer : LAYERS) {
            Tensor resumed = vit.resume(layer, out.get(layer), "logits");
            assertArrayEquals(logits.shape(), resumed.shape());
            for (int i = 0; i < logits.size(); i++) {
                assertEquals(logits.data()[i], resumed.data()[i], 1e-5 * scale, layer + ", logit " + logits.position(i));
            }
        }
    }

    @Test
    void resumeGradientMatchesFiniteDifferences() {
        Tensor hidden = vit.forward(pixels, "layer.2");
        SplittableRandom random = new SplittableRandom(15);
        float[] weights = new float[4 * 10];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextDouble(-1, 1);
        }
        Tensor upstream = new Tensor(new long[] {4, 10}, weights);
        Tensor gradient = vit.resumeGradient("layer.2", hidden, "logits", upstream);
        assertArrayEquals(hidden.shape(), gradient.shape());
        // CLS token of image 0, a patch token of image 1, the last token of image 3
        int[] entries = {3, (50 + 9) * 128 + 70, (3 * 50 + 49) * 128 + 127};
        float step = 1e-2f;
        for (int entry : entries) {
            double numeric = (objective(hidden, entry, step, upstream) - objective(hidden, entry, -step, upstream)) / (2 * step);
            assertEquals(numeric, gradient.data()[entry], 2e-3 + 2e-2 * Math.abs(numeric),
                    "d objective / d " + hidden.position(entry));
        }
        float[] otherImage = upstream.data().clone();
        Arrays.fill(otherImage, 0, 10, 0f);
        Tensor without = vit.resumeGradient("layer.2", hidden, "logits", new Tensor(upstream.shape(), otherImage));
        for (int i = 0; i < 50 * 128; i++) {
            assertEquals(0f, without.data()[i], "image 0 does not reach the other images' logits");
        }
    }

    private static double objective(Tensor hidden, int entry, float delta, Tensor upstream) {
        float[] moved = hidden.data().clone();
        moved[entry] += delta;
        Tensor logits = vit.resume("layer.2", new Tensor(hidden.shape(), moved), "logits");
        double sum = 0;
        for (int i = 0; i < logits.size(); i++) {
            sum += (double) logits.data()[i] * upstream.data()[i];
        }
        return sum;
    }

    @Test
    void malformedRequestsAreRefusedByName() {
        Tensor hidden = vit.forward(pixels, "layer.1");
        assertThrows(InvalidDataException.class, () -> vit.resume("layer.1", Tensor.zeros(4, 49, 128), "logits"));
        float[] nan = hidden.data().clone();
        nan[77] = Float.POSITIVE_INFINITY;
        InvalidDataException infinite = assertThrows(InvalidDataException.class,
                () -> vit.resume("layer.1", new Tensor(hidden.shape(), nan), "logits"));
        assertTrue(infinite.getMessage().contains("layer.1"), infinite.getMessage());
        assertThrows(UnknownComponentException.class, () -> vit.resume("layer.7", hidden, "logits"));
        assertThrows(ConfigException.class, () -> vit.resume("logits", Tensor.zeros(4, 10), "logits"));
        UnknownComponentException output = assertThrows(UnknownComponentException.class,
                () -> vit.resume("layer.1", hidden, "layer.4"));
        assertTrue(output.getMessage().contains("layer.4"), output.getMessage());
        assertThrows(InvalidDataException.class,
                () -> vit.resumeGradient("layer.1", hidden, "logits", Tensor.zeros(4, 9)));
    }

    @Test
    void aModelWithoutAHeadDoesNotResume() {
        try (ResumableBackbone mobilenet = assertInstanceOf(ResumableBackbone.class,
                new TorchScriptBackboneFactory().open(BackboneConfig.of("mobilenet-v2")))) {
            assertFalse(mobilenet.info().capabilities().contains(Capability.RESUME_FROM_HOOK));
            assertFalse(mobilenet.info().capabilities().contains(Capability.RESUME_GRADIENTS));
            assertEquals(List.of(), mobilenet.resumableHookPoints());
            Tensor map = Tensor.zeros(1, 576, 14, 14);
            assertThrows(MissingCapabilityException.class, () -> mobilenet.resume("block_13_expand_relu", map, "logits"));
            assertThrows(MissingCapabilityException.class,
                    () -> mobilenet.resumeGradient("block_13_expand_relu", map, "logits", Tensor.zeros(1, 5)));
        }
    }
}
