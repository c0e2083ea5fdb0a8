package com.example.facet.patches;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PixelPatchesBackboneTest {

    private static Backbone open(Map<String, ?> options) {
        return new PixelPatchesBackboneFactory().open(new BackboneConfig("pixel-patches", Device.CPU,
                ConfigValues.of("test", options)));
    }

    @Test
    void cutsImagesIntoPatchTokensAfterAMeanClsToken() {
        try (Backbone backbone = open(Map.of("height", 4, "width", 4, "patch", 2))) {
            TokenLayout layout = (TokenLayout) backbone.info().hookPoint("patches").layout();
            assertEquals(5, layout.tokens());
            assertEquals(4, layout.channels());
            float[] image = new float[16];
            for (int i = 0; i < 16; i++) {
                image[i] = i;
            }
            Tensor tokens = backbone.forward(new Tensor(new long[] {1, 1, 4, 4}, image), "patches");
            assertArrayEquals(new long[] {1, 5, 4}, tokens.shape());
            assertArrayEquals(new float[] {
                    (0 + 2 + 8 + 10) / 4f, (1 + 3 + 9 + 11) / 4f, (4 + 6 + 12 + 14) / 4f, (5 + 7 + 13 + 15) / 4f,
                    0, 1, 4, 5,
                    2, 3, 6, 7,
                    8, 9, 12, 13,
                    10, 11, 14, 15}, tokens.data());
        }
    }

    @Test
    void pixelsHookReturnsTheInput() {
        try (Backbone backbone = open(Map.of("height", 4, "width", 4, "patch", 2))) {
            Tensor pixels = Tensor.zeros(2, 1, 4, 4);
            assertEquals(pixels, backbone.forward(pixels, "pixels"));
        }
    }

    @Test
    void rejectsBadInputAndConfiguration() {
        try (Backbone backbone = open(Map.of())) {
            assertThrows(InvalidDataException.class, () -> backbone.forward(Tensor.zeros(1, 3, 28, 28), List.of("patches")));
            UnknownComponentException e = assertThrows(UnknownComponentException.class,
                    () -> backbone.forward(Tensor.zeros(1, 1, 28, 28), List.of("patch")));
            assertTrue(e.getMessage().contains("[patches, pixels]"), e.getMessage());
        }
        assertThrows(ConfigException.class, () -> open(Map.of("patch", 5)));
        assertThrows(ConfigException.class, () -> open(Map.of("stride", 5)));
        assertThrows(UnknownComponentException.class,
                () -> new PixelPatchesBackboneFactory().open(BackboneConfig.of("vit.onnx")));
    }
}
