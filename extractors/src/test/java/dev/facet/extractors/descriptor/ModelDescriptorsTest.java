package dev.facet.extractors.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.ResizeMode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelDescriptorsTest {

    @Test
    void everyBuiltinDescriptorLoads() {
        for (String name : ModelDescriptors.BUILTIN) {
            ModelDescriptor d = ModelDescriptors.builtin(name);
            assertEquals(name, d.name());
            assertEquals(d.layers() + 1 + (d.classes() > 0 ? 1 : 0), d.hookNames().size(), name);
            assertTrue(d.tokenLayout().patchTokens() > 0, name);
        }
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

    private static ModelDescriptor parse(String json) {
        return ModelDescriptors.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }
}
