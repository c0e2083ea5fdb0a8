package dev.facet.extractors.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.BackboneException;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.SpatialLayout;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.Tensor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CNN's outputs as hook points through {@code torchscript.outputs}, on {@code tiny-cnn.pt}
 * (made by {@code src/test/python/make_tiny_cnn.py}, which also recorded {@code tiny-cnn.json}).
 */
class TorchScriptOutputsTest {
    private static final String DESCRIPTOR = """
            {"schema": 1, "name": "tiny-cnn",
             "input": {"channels": 3, "height": 16, "width": 16, "order": "rgb", "resize": "stretch",
                       "mean": [0], "std": [1]},
             "classes": 5,
             "torchscript": {"logits": 0, "outputs": {"block": 1, "features": 2}}}
            """;

    @TempDir
    Path dir;

    private Backbone open(Map<String, Object> more) throws Exception {
        return open(more, DESCRIPTOR);
    }

    private Backbone open(Map<String, Object> more, String descriptorJson) throws Exception {
        Path model = dir.resolve("tiny-cnn.pt");
        try (InputStream in = getClass().getResourceAsStream("tiny-cnn.pt")) {
            Files.copy(in, model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path descriptor = Files.writeString(dir.resolve("tiny-cnn.json"), descriptorJson);
        Map<String, Object> options = new java.util.LinkedHashMap<>(more);
        options.put("descriptor", descriptor.toString());
        return new TorchScriptBackboneFactory().open(new BackboneConfig(model.toString(), Device.CPU,
                ConfigValues.of("test", options)));
    }

    @Test
    void namedOutputsAreHookPointsWithTheLayoutsOfTheirShapes() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(getClass().getResourceAsStream("tiny-cnn.json"));
        try (Backbone backbone = open(Map.of())) {
            assertEquals(List.of("logits", "block", "features"),
                    backbone.info().hookPoints().stream().map(HookPoint::name).toList());
            assertEquals(new VectorLayout(5), backbone.info().hookPoint("logits").layout());
            assertEquals(new SpatialLayout(6, 8, 8), backbone.info().hookPoint("block").layout());
            assertEquals(new SpatialLayout(8, 4, 4), backbone.info().hookPoint("features").layout());
            float[] pixels = new float[3 * 16 * 16];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = i / 768f;
            }
            Map<String, Tensor> out = backbone.forward(new Tensor(new long[] {1, 3, 16, 16}, pixels),
                    List.of("features", "logits", "block"));
            for (int i = 0; i < 5; i++) {
                assertEquals(reference.get("logits").get(i).asDouble(), out.get("logits").data()[i], 1e-5);
            }
            assertChannelSums(reference.get("block_channel_sums"), out.get("block"));
            assertChannelSums(reference.get("features_channel_sums"), out.get("features"));
        }
    }

    private static void assertChannelSums(JsonNode expected, Tensor map) {
        int channels = (int) map.dim(1);
        int cells = (int) (map.dim(2) * map.dim(3));
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < cells; i++) {
                sum += map.data()[c * cells + i];
            }
            assertEquals(expected.get(c).asDouble(), sum, 1e-4, "channel " + c);
        }
    }

    @Test
    void theLayoutsComeFromAForwardAtTheResolvedInputSize() throws Exception {
        try (Backbone backbone = open(Map.of("input_size", "32x24"))) {
            assertEquals(32, backbone.info().input().height());
            assertEquals(new SpatialLayout(6, 16, 12), backbone.info().hookPoint("block").layout());
            assertArrayEquals(new long[] {2, 8, 8, 6},
                    backbone.forward(Tensor.zeros(2, 3, 32, 24), "features").shape());
        }
    }

    @Test
    void theLayoutOfAnOutputFollowsItsShape() {
        assertEquals(new VectorLayout(1000), TorchScriptBackbone.layoutOf("m", "logits", 0, new long[] {1, 1000}, null));
        assertEquals(new SpatialLayout(576, 14, 14),
                TorchScriptBackbone.layoutOf("m", "block_13_expand_relu", 1, new long[] {1, 576, 14, 14}, null));
        assertEquals(new SpatialLayout(1280, 7, 7),
                TorchScriptBackbone.layoutOf("m", "out_relu", 2, new long[] {1, 1280, 7, 7}, null));
        assertEquals(new TokenLayout(128, true, 0, 7, 7),
                TorchScriptBackbone.layoutOf("m", "tokens", 1, new long[] {1, 50, 128}, null));
        BackboneException odd = assertThrows(BackboneException.class,
                () -> TorchScriptBackbone.layoutOf("m", "odd", 3, new long[] {1, 2, 3, 4, 5}, null));
        assertEquals("m: output 3 (hook 'odd') has shape [1, 2, 3, 4, 5], whose layout Facet cannot tell; it reads "
                + "vectors (n, f), maps (n, c, h, w) and tokens (n, t, c)", odd.getMessage());
    }

    @Test
    void anOutputIndexBeyondTheTupleNamesTheHook() {
        BackboneException e = assertThrows(BackboneException.class,
                () -> open(Map.of(), DESCRIPTOR.replace("\"features\": 2", "\"features\": 7")).close());
        assertTrue(e.getMessage().contains("returned 3 outputs; the descriptor puts the output 'features' at index 7"),
                e.getMessage());
    }
}
