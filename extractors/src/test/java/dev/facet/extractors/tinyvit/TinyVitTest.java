package dev.facet.extractors.tinyvit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.spi.Capability;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled tiny ViT on the bundled Fashion-MNIST images, through ONNX Runtime and through
 * DJL's PyTorch engine, against the numbers its training script recorded.
 */
class TinyVitTest {
    private static final Path MODEL_DIR = Path.of("..", "samples", "models", "tiny-vit");
    private static final String MODEL = "tiny-vit-fmnist";
    private static Backbone onnx;
    private static Backbone torch;
    private static List<ImageBatch> batches;
    private static JsonNode metrics;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws Exception {
        ObjectMapper json = new ObjectMapper();
        metrics = json.readTree(MODEL_DIR.resolve("metrics.json").toFile());
        reference = json.readTree(MODEL_DIR.resolve("reference.json").toFile());
        onnx = new OnnxBackboneFactory().open(BackboneConfig.of(MODEL));
        torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(MODEL));
        batches = new ArrayList<>();
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(BundledModels.fashionMnistImages()),
                new ImagePreprocessor(onnx.info().input()), LoaderOptions.withBatchSize(250))) {
            loader.forEachRemaining(batches::add);
        }
    }

    @AfterAll
    static void close() {
        onnx.close();
        torch.close();
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        assertArrayEquals(a.shape(), b.shape());
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            worst = Math.max(worst, Math.abs(a.data()[i] - b.data()[i]));
        }
        return worst;
    }

    @Test
    void bothEnginesAgreeOnEveryLayer() {
        ImageBatch batch = batches.get(0);
        List<String> hooks = ModelDescriptors.builtin(MODEL).hookNames();
        Map<String, Tensor> fromOnnx = onnx.forward(batch.pixels(), hooks);
        Map<String, Tensor> fromTorch = torch.forward(batch.pixels(), hooks);
        for (String hook : hooks) {
            double diff = maxAbsDiff(fromOnnx.get(hook), fromTorch.get(hook));
            assertTrue(diff < 1e-3, hook + ": ONNX Runtime and PyTorch differ by " + diff);
        }
    }

    @Test
    void descriptorNamesTheRecordedOnnxTensors() {
        ModelDescriptor descriptor = ModelDescriptors.builtin(MODEL);
        JsonNode hooks = metrics.get("onnx").get("hook_tensors");
        assertEquals(hooks.get("embed").asText(), descriptor.onnx().tensorOf("layer.0"));
        for (int i = 1; i <= descriptor.layers(); i++) {
            assertEquals(hooks.get("blocks." + i).asText(), descriptor.onnx().tensorOf("layer." + i));
        }
    }

    @Test
    void reproducesTheRecordedNumbersOfTheFirstImages() {
        Tensor pixels = batches.get(0).pixels();
        int layer = reference.get("hidden_layer").asInt();
        for (Backbone backbone : List.of(onnx, torch)) {
            Map<String, Tensor> out = backbone.forward(pixels, List.of("logits", "layer." + layer));
            for (int image = 0; image < 4; image++) {
                for (int c = 0; c < 10; c++) {
                    assertEquals(reference.get("logits").get(image).get(c).asDouble(), out.get("logits").get(image, c),
                            2e-4, backbone.info().model() + " logit " + c + " of image " + image);
                }
                for (int ch = 0; ch < 8; ch++) {
                    assertEquals(reference.get("cls_token_first8").get(image).get(ch).asDouble(),
                            out.get("layer." + layer).get(image, 0, ch), 2e-4);
                    assertEquals(reference.get("patch_token1_first8").get(image).get(ch).asDouble(),
                            out.get("layer." + layer).get(image, 1, ch), 2e-4);
                }
            }
        }
    }

    @Test
    void logitsReproduceTheRecordedSubsetAccuracy() {
        double recorded = metrics.get("subset_accuracy").asDouble();
        assertTrue(metrics.get("test_accuracy").asDouble() >= 0.85, "trained to >= 85% on the 10,000 test images");
        for (Backbone backbone : List.of(onnx, torch)) {
            int correct = 0;
            int total = 0;
            for (ImageBatch batch : batches) {
                Tensor logits = backbone.forward(batch.pixels(), "logits");
                for (int i = 0; i < batch.size(); i++) {
                    int best = 0;
                    for (int c = 1; c < 10; c++) {
                        if (logits.get(i, c) > logits.get(i, best)) {
                            best = c;
                        }
                    }
                    correct += best == batch.labels()[i] ? 1 : 0;
                    total++;
                }
            }
            assertEquals(2000, total);
            assertEquals(recorded, correct / (double) total, 0.001, backbone.info().model() + " subset accuracy");
        }
    }

    @Test
    void clsAndPatchSplitHasTheDocumentedShapes() {
        Tensor layer3 = onnx.forward(batches.get(0).pixels(), "layer.3");
        assertArrayEquals(new long[] {250, 50, 128}, layer3.shape());
        var layout = onnx.info().hookPoint("layer.3").layout();
        FloatMatrix cls = TokenSelection.CLS.select(layer3, layout);
        FloatMatrix patches = TokenSelection.PATCH.select(layer3, layout);
        assertEquals(250, cls.rows());
        assertEquals(250 * 49, patches.rows());
        assertEquals(128, patches.cols());
        assertEquals(layer3.get(1, 0, 5), cls.get(1, 5));
        assertEquals(layer3.get(1, 1, 5), patches.get(49, 5));
        assertEquals(layer3.get(1, 49, 7), patches.get(49 + 48, 7));
    }

    @Test
    void inputGradientsMatchFiniteDifferences() {
        DifferentiableBackbone differentiable = assertInstanceOf(DifferentiableBackbone.class, torch);
        assertTrue(torch.info().capabilities().contains(Capability.INPUT_GRADIENTS));
        Tensor pixels = new Tensor(new long[] {2, 1, 28, 28}, java.util.Arrays.copyOf(batches.get(0).pixels().data(), 2 * 784));
        float[] weights = new float[20];
        weights[3] = 1;
        weights[10 + 7] = -1;
        Tensor upstream = new Tensor(new long[] {2, 10}, weights);
        Tensor gradient = differentiable.inputGradient(pixels, "logits", upstream);
        assertArrayEquals(pixels.shape(), gradient.shape());
        float[] direction = new float[pixels.size()];
        SplittableRandom random = new SplittableRandom(11);
        double norm = 0;
        for (int i = 0; i < direction.length; i++) {
            direction[i] = (float) random.nextGaussian();
            norm += direction[i] * direction[i];
        }
        double predicted = 0;
        for (int i = 0; i < direction.length; i++) {
            direction[i] /= (float) Math.sqrt(norm);
            predicted += direction[i] * gradient.data()[i];
        }
        double h = 1e-2;
        double measured = (objective(pixels, direction, h, weights) - objective(pixels, direction, -h, weights)) / (2 * h);
        assertEquals(predicted, measured, 0.02 * Math.abs(predicted) + 1e-3, "directional derivative");
    }

    private static double objective(Tensor pixels, float[] direction, double step, float[] weights) {
        float[] moved = pixels.data().clone();
        for (int i = 0; i < moved.length; i++) {
            moved[i] += (float) (step * direction[i]);
        }
        Tensor logits = torch.forward(new Tensor(pixels.shape(), moved), "logits");
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * logits.data()[i];
        }
        return sum;
    }

    @Test
    void theBundledModelIsInTheDjlModelZoo() throws Exception {
        Criteria<NDList, NDList> byName = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optGroupId("dev.facet").optArtifactId(MODEL).optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = byName.loadModel()) {
            assertInstanceOf(PtSymbolBlock.class, model.getBlock());
        }
    }
}
