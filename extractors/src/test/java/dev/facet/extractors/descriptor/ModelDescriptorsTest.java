package dev.facet.extractors.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.TokenLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelDescriptorsTest {

    @Test
    void everyBuiltinDescriptorLoads() {
        for (String name : ModelDescriptors.BUILTIN) {
            ModelDescriptor d = ModelDescriptors.builtin(name);
            assertEquals(name, d.name());
            if (d.tokens() == null) {
                continue;
            }
            assertEquals(d.layers() + 1 + (d.classes() > 0 ? 1 : 0), d.hookNames().size(), name);
            assertTrue(d.tokenLayout().patchTokens() > 0, name);
        }
    }

    @Test
    void theBundledCnnNamesItsFeatureMapsAndLogits() {
        ModelDescriptor mobilenet = ModelDescriptors.builtin("mobilenet-v2");
        assertEquals(List.of("logits", "block_13_expand_relu", "out_relu"), mobilenet.hookNames());
        assertEquals("dense_3/BiasAdd", mobilenet.onnx().tensorOf("logits"));
        assertEquals(new InputSpec(3, 224, 224, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1}),
                mobilenet.inputSpec());
    }

    @Test
    void publicEncodersHaveTheirDocumentedLayouts() {
        ModelDescriptor dino = ModelDescriptors.builtin("dinov2-small");
        assertEquals(257, dino.tokenLayout().tokens());
        assertEquals(384, dino.tokenLayout().channels());
        assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, dino.inputSpec().resize());
        assertEquals(ChannelOrder.RGB, dino.inputSpec().order());
        assertEquals("/encoder/layer.0/Add_1_output_0", dino.onnx().tensorOf("layer.1"));
        assertEquals("/encoder/layer.11/Add_1_output_0", dino.onnx().tensorOf("layer.12"));
        assertEquals("/embeddings/Add_output_0", dino.onnx().tensorOf("layer.0"));
        assertNull(dino.onnx().tensorOf("logits"));
        ModelDescriptor siglip = ModelDescriptors.builtin("siglip-base-patch16-224");
        assertEquals(196, siglip.tokenLayout().tokens());
        assertEquals(0, siglip.tokenLayout().firstPatch());
        ModelDescriptor clip = ModelDescriptors.builtin("clip-vit-base-patch32");
        assertEquals(50, clip.tokenLayout().tokens());
        ModelDescriptor vit = ModelDescriptors.builtin("vit-base-patch16-224");
        assertEquals(1000, vit.classes());
        assertEquals("logits", vit.onnx().tensorOf("logits"));
        assertEquals(ModelDescriptor.LOGITS, vit.hookNames().get(vit.hookNames().size() - 1));
    }

    @Test
    void badDescriptorsNameTheProblem() {
        String base = "{\"schema\":1,\"name\":\"m\",\"input\":{\"channels\":1,\"height\":8,\"width\":8,\"order\":\"gray\","
                + "\"resize\":\"stretch\",\"mean\":[0],\"std\":[1]},\"tokens\":{\"channels\":4,\"cls\":true,\"registers\":0,"
                + "\"grid\":[2,2],\"patch_size\":4},\"layers\":2,\"classes\":0,"
                + "\"onnx\":{\"input\":\"x\",\"embed\":\"e\",\"layer\":\"/b.{block}/Add\"}";
        assertEquals(2, parse(base + "}").layers());
        ConfigException unknown = assertThrows(ConfigException.class, () -> parse(base + ",\"layer\":3}"));
        assertTrue(unknown.getMessage().startsWith("test.json: unknown key 'layer'"), unknown.getMessage());
        ConfigException schema = assertThrows(ConfigException.class, () -> parse(base.replace("\"schema\":1", "\"schema\":2") + "}"));
        assertTrue(schema.getMessage().contains("schema 2 is not supported; expected 1"), schema.getMessage());
        ConfigException order = assertThrows(ConfigException.class,
                () -> parse(base.replace("\"gray\"", "\"rgba\"") + "}").inputSpec());
        assertTrue(order.getMessage().contains("input.order"), order.getMessage());
        ConfigException pattern = assertThrows(ConfigException.class, () -> parse(base.replace("{block}", "{i}") + "}"));
        assertTrue(pattern.getMessage().contains("{block}"), pattern.getMessage());
        assertThrows(ConfigException.class, () -> parse("{not json"));
        ConfigException twice = assertThrows(ConfigException.class, () -> parse(base + ",\"layers\":3}"));
        assertTrue(twice.getMessage().contains("'layers' is given twice"), twice.getMessage());
        ConfigException trailing = assertThrows(ConfigException.class, () -> parse(base + "} []"));
        assertTrue(trailing.getMessage().contains("after the end of the JSON document"), trailing.getMessage());
        UnknownComponentException missing = assertThrows(UnknownComponentException.class,
                () -> ModelDescriptors.builtin("dino-v3"));
        assertTrue(missing.getMessage().contains("dinov2-small"), missing.getMessage());
    }

    private static final String CNN = """
            {"schema": 1, "name": "mobilenet-v2",
             "input": {"channels": 3, "height": 224, "width": 224, "order": "rgb", "resize": "stretch",
                       "mean": [0, 0, 0], "std": [1, 1, 1]},
             "classes": 1000,
             "onnx": {"logits": "logits", "hooks": {"block_13_expand_relu": "model/block_13_expand_relu/Relu6:0",
                                                     "out_relu": "model/out_relu/Relu6:0"}},
             "torchscript": {"logits": 0, "outputs": {"block_13_expand_relu": 1, "out_relu": 2}}}
            """;

    @Test
    void aCnnDescriptorNeedsNoTokensLayersOrLayerPattern() {
        ModelDescriptor cnn = parse(CNN);
        assertNull(cnn.tokens());
        assertNull(cnn.tokenLayout());
        assertEquals(0, cnn.layers());
        assertEquals(List.of("logits", "block_13_expand_relu", "out_relu"), cnn.hookNames());
        assertEquals("model/out_relu/Relu6:0", cnn.onnx().tensorOf("out_relu"));
        assertNull(cnn.onnx().tensorOf("layer.1"));
        assertNull(cnn.onnx().tensorOf("layer.0"));
        assertEquals(2, cnn.torchscript().indexOf("out_relu"));
        assertEquals(0, cnn.torchscript().indexOf("logits"));
        assertEquals(-1, cnn.torchscript().indexOf("layer.1"));
        assertEquals(new InputSpec(3, 224, 224, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1}),
                cnn.inputSpec());
        ModelDescriptor minimal = parse("""
                {"schema": 1, "name": "m", "input": {"channels": 1, "height": 8, "width": 8, "order": "gray",
                 "resize": "center-crop", "mean": [0.5], "std": [0.25]}, "onnx": {}}""");
        assertEquals(List.of(), minimal.hookNames());
        assertEquals(0, minimal.classes());
        assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, minimal.inputSpec().resize());
        ModelDescriptor oneValue = parse(CNN.replace("[0, 0, 0]", "[0.5]").replace("[1, 1, 1]", "[0.25]"));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, oneValue.inputSpec().mean());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, oneValue.inputSpec().std());
    }

    @Test
    void theVitDescriptorsAreUnchanged() {
        ModelDescriptor vit = ModelDescriptors.builtin("tiny-vit-fmnist");
        assertEquals(List.of("layer.0", "layer.1", "layer.2", "layer.3", "layer.4", "logits"), vit.hookNames());
        assertEquals("/blocks.3/Add_1_output_0", vit.onnx().tensorOf("layer.4"));
        assertEquals(1, vit.torchscript().indexOf("layer.2"));
        assertEquals(0, vit.torchscript().indexOf("logits"));
        assertEquals("tiny-vit-head.pt", vit.torchscript().head());
        assertEquals(new TokenLayout(128, true, 0, 7, 7), vit.tokenLayout());
        assertEquals(new InputSpec(1, 28, 28, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0.286f},
                new float[] {0.353f}), vit.inputSpec());
    }

    @Test
    void missingAndBadValuesNameTheKeyPath() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(CNN.replace("\"mean\": [0, 0, 0], ", ""), "missing required key 'input.mean'");
        cases.put(CNN.replace("\"height\": 224, ", ""), "missing required key 'input.height'");
        cases.put(CNN.replace("\"schema\": 1, ", ""), "missing required key 'schema'");
        cases.put(CNN.replace("[0, 0, 0]", "[0, 0]"), "Invalid input.mean: [0.0, 0.0]; allowed: 1 or 3 finite values");
        cases.put(CNN.replace("[1, 1, 1]", "[1, 0, 1]"), "Invalid input.std: [1.0, 0.0, 1.0]; allowed: 1 or 3 finite "
                + "values above 0");
        cases.put(CNN.replace("\"channels\": 3", "\"channels\": 2"), "Invalid input.channels: 2; allowed: 1 or 3");
        cases.put(CNN.replace("\"width\": 224", "\"width\": 0"), "Invalid input.width: 0; allowed: >= 1");
        cases.put(CNN.replace("\"rgb\"", "\"gray\""), "input.order 'gray' does not fit input.channels 3");
        cases.put(CNN.replace("\"stretch\"", "\"squash\""), "Invalid input.resize: 'squash'; allowed: stretch, "
                + "shorter-side-center-crop, pad");
        cases.put(CNN.replace("\"height\": 224", "\"height\": \"tall\""), "invalid value for 'input.height'");
        cases.put(CNN.replace("\"mean\": [0, 0, 0]", "\"mean\": [0, \"x\", 0]"), "invalid value for 'input.mean[1]'");
        cases.put(CNN.replace("\"classes\": 1000,", "\"layers\": 4, \"classes\": 1000,"), "missing required key 'tokens'");
        cases.put(CNN.replace("\"classes\": 1000,", "\"tokens\": {\"channels\": 8, \"cls\": false, \"registers\": 0, "
                + "\"grid\": [2, 2], \"patch_size\": 4}, \"classes\": 1000,"), "missing required key 'layers'");
        cases.put(CNN.replace("\"classes\": 1000,", ""), "'onnx.logits' needs 'classes' (the number of logits)");
        cases.put(CNN.substring(0, CNN.indexOf(",\n \"onnx\"")) + "}", "missing required key 'onnx' or 'torchscript'");
        cases.put(CNN.replace("\"logits\": \"logits\", ", "\"layer\": \"/b.{block}/Add\", "),
                "'onnx.layer' or 'onnx.embed' needs 'tokens' and 'layers'");
        cases.put(CNN.replace("\"logits\": 0, ", "\"hidden\": 0, "), "'torchscript.hidden' needs 'tokens' and 'layers'");
        cases.put(CNN.replace("\"out_relu\": 2", "\"out_relu\": -2"), "Invalid torchscript.outputs.out_relu: -2; allowed: >= 0");
        cases.put(CNN.replace("\"out_relu\": 2", "\"layer.3\": 2"), "Invalid torchscript.outputs name: 'layer.3'");
        cases.put(CNN.replace("\"logits\": 0, ", "\"logits\": 0, \"head\": \"head.pt\", "),
                "'torchscript.head' needs 'torchscript.hidden' and 'torchscript.logits'");
        cases.put(CNN.replace("\"logits\": 0, ", "\"logits\": 0, \"head\": \"../head.pt\", "),
                "Invalid torchscript.head: '../head.pt'; allowed: a file name beside the model");
        cases.put(CNN.replace("\"block_13_expand_relu\": \"model", "\"logits\": \"model"), "Invalid onnx.hooks name: "
                + "'logits'");
        cases.put(CNN.replace("\"onnx\": {", "\"onnx\": {\"hookz\": {}, "), "unknown key 'onnx.hookz'; allowed: [embed, "
                + "hooks, input, layer, logits]");
        cases.forEach((json, message) -> {
            ConfigException e = assertThrows(ConfigException.class, () -> parse(json), message);
            assertTrue(e.getMessage().startsWith("test.json: "), e.getMessage());
            assertTrue(e.getMessage().contains(message), e.getMessage() + "\n  expected: " + message);
        });
    }

    @Test
    void theExamplesOfTheDescriptorsPageParseWithTheHooksItNames() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "descriptors.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("```json\\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(page);
        Map<String, ModelDescriptor> examples = new LinkedHashMap<>();
        while (block.find()) {
            ModelDescriptor example = parse(block.group(1));
            examples.put(example.name(), example);
        }
        ModelDescriptor vit = ModelDescriptors.builtin("tiny-vit-fmnist");
        assertEquals(vit.hookNames(), examples.get("tiny-vit-fmnist").hookNames());
        assertEquals(vit.inputSpec(), examples.get("tiny-vit-fmnist").inputSpec());
        assertEquals(vit.tokenLayout(), examples.get("tiny-vit-fmnist").tokenLayout());
        assertEquals(List.of("logits", "block_13_expand_relu", "out_relu"), examples.get("mobilenet-v2").hookNames());
    }

    private static ModelDescriptor parse(String json) {
        return ModelDescriptors.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }
}
