package dev.facet.spi.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.UnknownComponentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackboneTypesTest {

    @Test
    void tokenLayoutCountsClsRegistersAndPatches() {
        TokenLayout dinoWithRegisters = new TokenLayout(384, true, 4, 16, 16);
        assertEquals(1 + 4 + 256, dinoWithRegisters.tokens());
        assertEquals(5, dinoWithRegisters.firstPatch());
        assertArrayEquals(new long[] {8, 261, 384}, dinoWithRegisters.shape(8));
        TokenLayout siglip = new TokenLayout(768, false, 0, 14, 14);
        assertEquals(196, siglip.tokens());
        assertEquals(0, siglip.firstPatch());
        assertThrows(ConfigException.class, () -> new TokenLayout(0, true, 0, 2, 2));
        assertThrows(ConfigException.class, () -> new TokenLayout(8, true, 0, 2, 0));
        assertThrows(ConfigException.class, () -> new TokenLayout(8, true, -1, 2, 2));
    }

    @Test
    void spatialAndVectorLayoutsGiveTheirShapes() {
        assertArrayEquals(new long[] {2, 1280, 7, 7}, new SpatialLayout(1280, 7, 7).shape(2));
        assertArrayEquals(new long[] {2, 10}, new VectorLayout(10).shape(2));
        assertThrows(ConfigException.class, () -> new SpatialLayout(3, 0, 7));
    }

    @Test
    void inputSpecValidatesChannelsAndStatistics() {
        InputSpec rgb = new InputSpec(3, 224, 224, ChannelOrder.RGB, ResizeMode.SHORTER_SIDE_CENTER_CROP,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        assertArrayEquals(new long[] {4, 3, 224, 224}, rgb.batchShape(4));
        ConfigException e = assertThrows(ConfigException.class, () -> new InputSpec(3, 224, 224, ChannelOrder.RGB,
                ResizeMode.STRETCH, new float[] {0, 0, 0}, new float[] {1, 0, 1}));
        assertTrue(e.getMessage().contains("input std"), e.getMessage());
        assertThrows(ConfigException.class, () -> new InputSpec(1, 28, 28, ChannelOrder.RGB, ResizeMode.STRETCH,
                new float[] {0}, new float[] {1}));
        assertThrows(ConfigException.class, () -> new InputSpec(3, 28, 28, ChannelOrder.RGB, ResizeMode.STRETCH,
                new float[] {0}, new float[] {1}));
        float[] mean = rgb.mean();
        mean[0] = 9;
        assertEquals(0.485f, rgb.mean()[0]);
    }

    @Test
    void backboneInfoFindsHookPointsAndSuggestsCloseNames() {
        List<HookPoint> hooks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            hooks.add(new HookPoint("blocks." + i + ".output", new TokenLayout(64, true, 0, 7, 7)));
        }
        InputSpec gray = new InputSpec(1, 28, 28, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0.3f}, new float[] {0.3f});
        BackboneInfo info = new BackboneInfo("vit", gray, hooks, Set.of(Capability.FORWARD));
        assertEquals("blocks.3.output", info.hookPoint("blocks.3.output").name());
        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> info.hookPoint("block.3.output"));
        assertTrue(e.getMessage().startsWith("Unknown hook point of 'vit' 'block.3.output'; closest: [blocks.3.output"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("30 available"), e.getMessage());
        assertThrows(ConfigException.class, () -> new BackboneInfo("vit", gray,
                List.of(hooks.get(0), hooks.get(0)), Set.of()));
    }

    @Test
    void aRefusedNameSaysWhyItIsNotAHookPoint() {
        InputSpec gray = new InputSpec(1, 28, 28, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0.3f}, new float[] {0.3f});
        HookPoint relu = new HookPoint("relu", new VectorLayout(4));
        BackboneInfo info = new BackboneInfo("m.onnx", gray, List.of(relu), Set.of(),
                Map.of("w", "is a weight (initializer) of the model, not an activation"));
        ConfigException e = assertThrows(ConfigException.class, () -> info.hookPoint("w"));
        assertEquals("'w' is a weight (initializer) of the model, not an activation; it cannot be a hook point of "
                + "'m.onnx'", e.getMessage());
        UnknownComponentException unknown = assertThrows(UnknownComponentException.class, () -> info.hookPoint("x"));
        assertEquals("Unknown hook point of 'm.onnx' 'x'; available: [relu]", unknown.getMessage());
        assertThrows(ConfigException.class, () -> new BackboneInfo("m.onnx", gray, List.of(relu), Set.of(),
                Map.of("relu", "is refused")));
    }

    @Test
    void backboneConfigNeedsAModel() {
        assertThrows(ConfigException.class, () -> BackboneConfig.of(" "));
        assertEquals("model.onnx", BackboneConfig.of("model.onnx").model());
    }
}
