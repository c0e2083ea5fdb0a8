package dev.facet.extractors.mobilenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.djl.PyTorchEngines;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.OrtSessions;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.onnx.OnnxGraph;
import dev.facet.extractors.store.Npy;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled MobileNetV2 (nsfwjs 4.3.0, converted by samples/models/mobilenet-v2/convert_mobilenet_v2.py)
 * against what the original TensorFlow.js model computed on the same two photos
 * ({@code reference.json}, written by {@code reference_tfjs.mjs} from {@code reference-inputs.npy}).
 * Both sides read the same float32 input tensors, so the differences are the engines' rounding only:
 * at most 4.2e-5 measured between tfjs and ONNX Runtime (samples/models/mobilenet-v2/README.md).
 */
class MobileNetV2ReferenceTest {
    private static final Path MODEL_DIR = Path.of("..", "samples", "models", "mobilenet-v2");
    private static final String RESOURCES = "/dev/facet/samples/models/mobilenet-v2/";
    private static final String PHOTOS = "/dev/facet/samples/data/photos/";
    /** The model's input as a Facet {@link InputSpec}: RGB in [0, 1], mean 0, std 1, stretched to 224x224. */
    private static final InputSpec INPUT = new InputSpec(3, 224, 224, ChannelOrder.RGB, ResizeMode.STRETCH,
            new float[] {0, 0, 0}, new float[] {1, 1, 1});
    private static final List<String> HOOKS =
            List.of("block_13_expand_relu", "out_relu", "flatten_1", "dense_3/BiasAdd", "dense_3");
    private static final Map<String, long[]> SHAPES = Map.of(
            "block_13_expand_relu", new long[] {2, 576, 14, 14},
            "out_relu", new long[] {2, 1280, 7, 7},
            "flatten_1", new long[] {2, 1280},
            "dense_3/BiasAdd", new long[] {2, 5},
            "dense_3", new long[] {2, 5});
    /** Tolerance on single values (activations reach 6, logits about 5): ~25x the largest measured difference. */
    private static final double VALUE_TOLERANCE = 1e-3;
    /** Relative tolerance on a tensor's sum over one image. */
    private static final double SUM_TOLERANCE = 1e-4;

    private static JsonNode reference;
    private static FloatMatrix inputs;
    private static byte[] onnxModel;
    private static final Map<String, float[]> fromOnnx = new HashMap<>();
    private static final Map<String, long[]> onnxShapes = new HashMap<>();

    @BeforeAll
    static void runOnnxRuntime() throws Exception {
        reference = new ObjectMapper().readTree(MODEL_DIR.resolve("reference.json").toFile());
        inputs = Npy.read(MODEL_DIR.resolve("reference-inputs.npy"));
        onnxModel = resource("mobilenet-v2.onnx");
        byte[] exposed = OnnxGraph.parse(onnxModel, Path.of("mobilenet-v2.onnx")).withOutputs(HOOKS);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtSessions.open(exposed, Path.of("mobilenet-v2.onnx"), options);
             OnnxTensor pixels = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(inputs.data()),
                     new long[] {inputs.rows(), 3, 224, 224});
             OrtSession.Result result = session.run(Map.of("pixels", pixels))) {
            for (String hook : HOOKS) {
                OnnxValue value = result.get(hook).orElseThrow();
                OnnxTensor tensor = (OnnxTensor) value;
                FloatBuffer buffer = tensor.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                fromOnnx.put(hook, data);
                onnxShapes.put(hook, tensor.getInfo().getShape());
            }
        }
    }

    private static byte[] resource(String file) throws IOException {
        return bundled(RESOURCES + file);
    }

    private static byte[] bundled(String path) throws IOException {
        try (InputStream in = MobileNetV2ReferenceTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "bundled resource " + path);
            return in.readAllBytes();
        }
    }

    /** Runs the ONNX model on {@code pixels} (n x 3 x 224 x 224) and returns the requested tensors. */
    private static Map<String, float[]> runOnnx(float[] pixels, List<String> hooks) throws OrtException {
        byte[] exposed = OnnxGraph.parse(onnxModel, Path.of("mobilenet-v2.onnx")).withOutputs(hooks);
        Map<String, float[]> out = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtSessions.open(exposed, Path.of("mobilenet-v2.onnx"), options);
             OnnxTensor input = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(pixels),
                     new long[] {pixels.length / (3 * 224 * 224), 3, 224, 224});
             OrtSession.Result result = session.run(Map.of("pixels", input))) {
            for (String hook : hooks) {
                FloatBuffer buffer = ((OnnxTensor) result.get(hook).orElseThrow()).getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                out.put(hook, data);
            }
        }
        return out;
    }

    private static JsonNode image(int index) {
        return reference.get("images").get(index);
    }

    @Test
    void referenceInputsAreTheTwoPhotosAsNchwRgbInTheUnitRange() {
        assertEquals(2, inputs.rows());
        assertEquals(3 * 224 * 224, inputs.cols());
        assertEquals("chelsea.jpg", image(0).get("file").asText());
        assertEquals("coffee.jpg", image(1).get("file").asText());
        for (float v : inputs.data()) {
            assertTrue(v >= 0f && v <= 1f, "pixel " + v);
        }
    }

    @Test
    void onlyTheGraphInputAndOutputDeclareShapes() {
        OnnxGraph graph = OnnxGraph.parse(onnxModel, Path.of("mobilenet-v2.onnx"));
        assertEquals(List.of("pixels"), graph.inputs());
        assertEquals(List.of("dense_3"), graph.outputs());
        assertArrayEquals(new long[] {-1, 3, 224, 224}, graph.tensor("pixels").shape());
        assertArrayEquals(new long[] {-1, 5}, graph.tensor("dense_3").shape());
        for (String hook : List.of("block_13_expand_relu", "out_relu", "flatten_1", "dense_3/BiasAdd")) {
            assertNull(graph.tensor(hook).shape(), hook + " has no recorded shape; Facet must probe it");
        }
        assertEquals("Clip", graph.tensor("out_relu").opType());
        assertEquals("Conv", graph.tensor("block_13_depthwise").opType());
    }

    @Test
    void onnxRuntimeGivesTheDocumentedShapes() {
        for (String hook : HOOKS) {
            assertArrayEquals(SHAPES.get(hook), onnxShapes.get(hook), hook);
        }
    }

    @Test
    void onnxRuntimeReproducesTheTfjsLogitsAndProbabilities() {
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 5; c++) {
                assertEquals(image(i).get("logits").get(c).asDouble(), fromOnnx.get("dense_3/BiasAdd")[5 * i + c],
                        VALUE_TOLERANCE, "logit " + c + " of image " + i);
                assertEquals(image(i).get("probabilities").get(c).asDouble(), fromOnnx.get("dense_3")[5 * i + c],
                        1e-4, "probability " + c + " of image " + i);
            }
        }
        assertEquals("neutral", image(0).get("top_class").asText());
    }

    @Test
    void onnxRuntimeReproducesTheTfjsFeatureMaps() {
        for (String hook : List.of("block_13_expand_relu", "out_relu", "flatten_1")) {
            float[] all = fromOnnx.get(hook);
            int per = all.length / 2;
            for (int i = 0; i < 2; i++) {
                JsonNode expected = image(i).get(hook);
                String where = hook + " of " + image(i).get("file").asText();
                double sum = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < per; k++) {
                    sum += all[i * per + k];
                    max = Math.max(max, all[i * per + k]);
                }
                assertEquals(expected.get("sum").asDouble(), sum, SUM_TOLERANCE * Math.abs(expected.get("sum").asDouble()),
                        where + " sum");
                assertEquals(expected.get("max").asDouble(), max, VALUE_TOLERANCE, where + " max");
                for (int k = 0; k < 16; k++) {
                    assertEquals(expected.get("first16").get(k).asDouble(), all[i * per + k], VALUE_TOLERANCE,
                            where + " value " + k);
                    int index = expected.get("probes").get("index").get(k).asInt();
                    assertEquals(expected.get("probes").get("value").get(k).asDouble(), all[i * per + index],
                            VALUE_TOLERANCE, where + " value " + index);
                }
            }
        }
    }

    @Test
    void everyPhotoOfTheReadmeIsBundledAndDecodes() throws IOException {
        String readme = new String(bundled(PHOTOS + "README.md"), StandardCharsets.UTF_8);
        Matcher row = Pattern.compile("^\\| `([^`]+\\.jpg)` \\| (\\d+)×(\\d+) \\|", Pattern.MULTILINE).matcher(readme);
        List<String> names = new ArrayList<>();
        while (row.find()) {
            names.add(row.group(1));
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bundled(PHOTOS + row.group(1))));
            assertNotNull(image, row.group(1));
            assertEquals(Integer.parseInt(row.group(2)), image.getWidth(), row.group(1));
            assertEquals(Integer.parseInt(row.group(3)), image.getHeight(), row.group(1));
            assertTrue(Math.max(image.getWidth(), image.getHeight()) <= 640, row.group(1));
        }
        assertEquals(35, names.size(), "photos listed in the README: " + names);
        assertTrue(names.containsAll(List.of("chelsea.jpg", "coffee.jpg")));
        Path folder = BundledModels.photos();
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            assertEquals(names.stream().sorted().toList(),
                    files.map(file -> file.getFileName().toString()).sorted().toList(), "BundledModels.photos() holds them all");
        }
        assertEquals(35, ImageSources.open(folder).size());
    }

    /**
     * The photos through Facet's own decoder and antialiased stretch resize instead of the reference's
     * aligned-corner bilinear one: measured 0.011 mean absolute pixel difference, pooled-feature cosines
     * 0.954 (chelsea.jpg, shrunk 2x horizontally) and 0.991 (coffee.jpg), the same top class.
     */
    @Test
    void facetsOwnPreprocessingOfTheBundledPhotosKeepsTheReferenceFeatures() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(INPUT);
        float[] pixels = new float[inputs.data().length];
        for (int i = 0; i < 2; i++) {
            String file = image(i).get("file").asText();
            BufferedImage photo = ImageIO.read(new java.io.ByteArrayInputStream(bundled(PHOTOS + file)));
            System.arraycopy(preprocessor.preprocess(photo), 0, pixels, i * inputs.cols(), inputs.cols());
        }
        double pixelDiff = 0;
        for (int k = 0; k < pixels.length; k++) {
            pixelDiff += Math.abs(pixels[k] - inputs.data()[k]);
        }
        pixelDiff /= pixels.length;
        assertTrue(pixelDiff < 0.03, "Facet's antialiased stretch and the reference's aligned-corner bilinear "
                + "resize differ by " + pixelDiff + " per value on average");
        Map<String, float[]> out = runOnnx(pixels, List.of("flatten_1", "dense_3"));
        for (int i = 0; i < 2; i++) {
            float[] pooled = java.util.Arrays.copyOfRange(out.get("flatten_1"), i * 1280, (i + 1) * 1280);
            float[] expected = java.util.Arrays.copyOfRange(fromOnnx.get("flatten_1"), i * 1280, (i + 1) * 1280);
            double dot = 0;
            double a = 0;
            double b = 0;
            for (int k = 0; k < 1280; k++) {
                dot += pooled[k] * expected[k];
                a += pooled[k] * pooled[k];
                b += expected[k] * expected[k];
            }
            double cosine = dot / Math.sqrt(a * b);
            assertTrue(cosine > 0.9, "pooled features of " + image(i).get("file").asText() + ": cosine " + cosine);
            int top = 0;
            for (int c = 1; c < 5; c++) {
                top = out.get("dense_3")[5 * i + c] > out.get("dense_3")[5 * i + top] ? c : top;
            }
            assertEquals(image(i).get("top_class").asText(), reference.get("classes").get(top).asText());
        }
    }

    @Test
    void torchScriptTwinReproducesTheTfjsOutputs(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("mobilenet-v2.pt"), resource("mobilenet-v2.pt"));
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(dir).optModelName("mobilenet-v2").optEngine("PyTorch")
                .optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = PyTorchEngines.pytorch().newBaseManager()) {
            NDArray pixels = manager.create(inputs.data(), new Shape(2, 3, 224, 224));
            NDList out = predictor.predict(new NDList(pixels));
            assertEquals(3, out.size(), "(logits, block_13_expand_relu, out_relu)");
            assertEquals(new Shape(2, 5), out.get(0).getShape());
            assertEquals(new Shape(2, 576, 14, 14), out.get(1).getShape());
            assertEquals(new Shape(2, 1280, 7, 7), out.get(2).getShape());
            float[] logits = out.get(0).toFloatArray();
            float[] block13 = out.get(1).toFloatArray();
            float[] outRelu = out.get(2).toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int c = 0; c < 5; c++) {
                    assertEquals(image(i).get("logits").get(c).asDouble(), logits[5 * i + c], VALUE_TOLERANCE);
                }
                for (int k = 0; k < 16; k++) {
                    JsonNode probes = image(i).get("out_relu").get("probes");
                    assertEquals(probes.get("value").get(k).asDouble(),
                            outRelu[i * 62720 + probes.get("index").get(k).asInt()], VALUE_TOLERANCE);
                    JsonNode probes13 = image(i).get("block_13_expand_relu").get("probes");
                    assertEquals(probes13.get("value").get(k).asDouble(),
                            block13[i * 112896 + probes13.get("index").get(k).asInt()], VALUE_TOLERANCE);
                }
            }
            for (int k = 0; k < outRelu.length; k++) {
                assertEquals(fromOnnx.get("out_relu")[k], outRelu[k], VALUE_TOLERANCE, "out_relu value " + k);
            }
        }
    }

    @Test
    void modelsCarryTheNsfwjsLicence() throws OrtException, IOException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtSessions.open(onnxModel, Path.of("mobilenet-v2.onnx"), options)) {
            assertTrue(session.getMetadata().getCustomMetadata().get("license").startsWith("MIT"));
            assertTrue(session.getMetadata().getDescription().contains("Infinite Red"));
        }
        String readme = new String(resource("README.md"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(readme.contains("MIT"), "the bundled README names the licence");
    }
}
