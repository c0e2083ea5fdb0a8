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
import dev.facet.extractors.OrtSessions;
import dev.facet.extractors.onnx.OnnxGraph;
import dev.facet.extractors.store.Npy;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        try (InputStream in = MobileNetV2ReferenceTest.class.getResourceAsStream(RESOURCES + file)) {
            assertNotNull(in, "bundled resource " + RESOURCES + file);
            return in.readAllBytes();
        }
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
