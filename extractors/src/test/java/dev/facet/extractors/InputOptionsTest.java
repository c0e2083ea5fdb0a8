package dev.facet.extractors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.config.InvalidSettingsException;
import dev.facet.spi.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputOptionsTest {
    private static final Settings ONNX = new OnnxBackboneFactory().settings();
    private static final InputSpec VIT = new InputSpec(3, 224, 224, ChannelOrder.RGB, ResizeMode.SHORTER_SIDE_CENTER_CROP,
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    private static final long[] GRAY_28 = {-1, 1, 28, 28};
    private static final long[] ANY_SIZE = {-1, 3, -1, -1};

    private static InputOptions options(Map<String, ?> values) {
        return InputOptions.from(ONNX.read("backbone 'onnx'", values));
    }

    private static InvalidSettingsException refused(String key, Object value) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> options(Map.of(key, value)));
        assertEquals(Set.of(key), e.keys(), e.getMessage());
        assertTrue(e.getMessage().startsWith("backbone 'onnx': invalid " + key + ": "), e.getMessage());
        return e;
    }

    @Test
    void everySpellingOfTheSettingsIsRead() {
        assertEquals(new InputSize(224, 224), options(Map.of("input_size", "224")).size());
        assertEquals(new InputSize(224, 224), options(Map.of("input_size", 224)).size());
        assertEquals(new InputSize(384, 512), options(Map.of("input_size", " 384X512 ")).size());
        assertEquals(new InputSize(32, 64), options(Map.of("input_size", List.of(32, 64))).size());
        assertEquals(List.of(0.485f, 0.456f, 0.406f), options(Map.of("mean", "0.485, 0.456,0.406")).mean());
        assertEquals(List.of(0.5f), options(Map.of("mean", 0.5)).mean());
        assertEquals(List.of(-1f, 0f, 2f), options(Map.of("mean", List.of(-1, 0, 2.0))).mean());
        assertEquals(List.of(0.229f, 0.224f, 0.225f), options(Map.of("std", "0.229,0.224,0.225")).std());
        assertEquals(ChannelOrder.BGR, options(Map.of("order", "BGR")).order());
        assertEquals(ChannelOrder.GRAY, options(Map.of("order", "Gray")).order());
        assertEquals(ResizeMode.PAD, options(Map.of("resize", "pad")).resize());
        for (String crop : List.of("center-crop", "centre_crop", "Shorter_Side-Center-Crop", "shorter-side-center-crop")) {
            assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, options(Map.of("resize", crop)).resize(), crop);
        }
        assertEquals(InputOptions.NONE, options(Map.of()));
        assertEquals(Map.of("input_size", "384x512", "mean", List.of(0.5f)),
                ONNX.read("t", Map.of("input_size", "384x512", "mean", 0.5)).select(InputOptions.SETTINGS).toMap());
    }

    @Test
    void everyBadValueNamesItsKeyAndValue() {
        for (Object size : List.of("224x", "0", 0, 4097, "5000x10", "abc", List.of(1, 2, 3), 22.5, true)) {
            assertTrue(refused("input_size", size).getMessage().contains("expected N or HxW, each side in [1, 4096]"),
                    String.valueOf(size));
        }
        assertTrue(refused("mean", "0.5,x").getMessage().contains("invalid mean: 0.5,x; expected one value"));
        refused("mean", "");
        refused("mean", List.of());
        refused("mean", "NaN");
        for (Object std : List.of(0, -1, "0.2,0,0.2", "Infinity", List.of(0.5, "x"))) {
            assertTrue(refused("std", std).getMessage().contains("each > 0"), String.valueOf(std));
        }
        assertEquals("backbone 'onnx': invalid order: 'rgba'; allowed: [rgb, bgr, gray]", refused("order", "rgba").getMessage());
        assertTrue(refused("resize", "squash").getMessage().endsWith("'squash'; allowed: " + InputNames.resizeModes()));
    }

    @Test
    void theChoicesComeFromTheEnums() {
        List<String> modes = new ArrayList<>();
        for (ResizeMode mode : ResizeMode.values()) {
            modes.add(mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        modes.addAll(List.of("center-crop", "centre-crop"));
        assertEquals(modes, InputOptions.RESIZE.choices());
        assertEquals(List.of("rgb", "bgr", "gray"), InputOptions.ORDER.choices());
        ConfigException descriptorName = assertThrows(ConfigException.class, () -> InputNames.resize("fit", "input.resize"));
        assertEquals("Invalid input.resize: 'fit'; allowed: " + String.join(", ", modes), descriptorName.getMessage());
    }

    @Test
    void bothBackbonesDeclareTheSameSettingsOnce() {
        Settings torch = new TorchScriptBackboneFactory().settings();
        for (String name : InputOptions.SETTINGS.names()) {
            assertTrue(ONNX.names().contains(name) && torch.names().contains(name), name);
        }
        assertEquals("size", InputOptions.INPUT_SIZE.typeLabel());
        assertEquals("none", InputOptions.MEAN.defaultText());
        assertEquals("N or HxW, each side in [1, 4096]", InputOptions.INPUT_SIZE.constraintText());
    }

    @Test
    void theDescriptorsSpecStandsUnlessASettingReplacesAField() {
        assertEquals(VIT, InputOptions.NONE.resolve("m", VIT, null));
        assertEquals(VIT, InputOptions.NONE.resolve("m", VIT, new long[] {-1, 3, 224, 224}));
        InputSpec resized = options(Map.of("input_size", "256x192", "resize", "pad")).resolve("m", VIT, null);
        assertEquals(256, resized.height());
        assertEquals(192, resized.width());
        assertEquals(ResizeMode.PAD, resized.resize());
        assertArrayEquals(VIT.mean(), resized.mean());
        InputSpec normalised = options(Map.of("mean", 0.5, "std", "0.25,0.5,1")).resolve("m", VIT, null);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, normalised.mean());
        assertArrayEquals(new float[] {0.25f, 0.5f, 1f}, normalised.std());
        assertEquals(ResizeMode.SHORTER_SIDE_CENTER_CROP, normalised.resize());
        InputSpec bgr = options(Map.of("order", "bgr")).resolve("m", VIT, null);
        assertEquals(ChannelOrder.BGR, bgr.order());
        assertArrayEquals(VIT.std(), bgr.std());
        ConfigException gray = assertThrows(ConfigException.class,
                () -> options(Map.of("order", "gray")).resolve("m", VIT, null));
        assertEquals("m: the model descriptor's input.mean [0.485, 0.456, 0.406] does not fit the 1-channel input the "
                + "setting order gives; give mean too", gray.getMessage());
        InputSpec grayWithValues = options(Map.of("order", "gray", "mean", 0.2, "std", 0.3)).resolve("m", VIT, null);
        assertEquals(1, grayWithValues.channels());
    }

    @Test
    void theGraphsShapeStandsUnlessASettingReplacesItAndASymbolicSizeNeedsOne() {
        InputSpec fromGraph = InputOptions.NONE.resolve("m", null, GRAY_28);
        assertEquals(new InputSpec(1, 28, 28, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0}, new float[] {1}),
                fromGraph);
        InputSpec normalised = options(Map.of("mean", 0.286, "std", 0.353, "order", "gray", "input_size", 28))
                .resolve("m", null, GRAY_28);
        assertArrayEquals(new float[] {0.286f}, normalised.mean());
        assertArrayEquals(new float[] {0.353f}, normalised.std());
        InputSpec filled = options(Map.of("input_size", "320x240")).resolve("m", null, ANY_SIZE);
        assertEquals(new InputSpec(3, 320, 240, ChannelOrder.RGB, ResizeMode.STRETCH, new float[3], new float[] {1, 1, 1}),
                filled);
        ConfigException noSize = assertThrows(ConfigException.class, () -> InputOptions.NONE.resolve("m", null, ANY_SIZE));
        assertEquals("m: the input size is not known: no model descriptor gives it and the model's input has shape "
                + "[?, 3, ?, ?]; give input_size (N or HxW, e.g. 224)", noSize.getMessage());
        ConfigException noShape = assertThrows(ConfigException.class,
                () -> options(Map.of("input_size", 8)).resolve("m", null, null));
        assertEquals("m: the input's channels are not known: no model descriptor gives them and the model does not "
                + "declare its input's shape; give order (rgb, bgr, gray) for a 1- or 3-channel input", noShape.getMessage());
        assertEquals(3, options(Map.of("input_size", 8, "order", "rgb")).resolve("m", null, null).channels());
    }

    @Test
    void aSettingThatContradictsTheGraphOrTheChannelsNamesTheKey() {
        ConfigException size = assertThrows(ConfigException.class,
                () -> options(Map.of("input_size", 32)).resolve("m", null, GRAY_28));
        assertEquals("m: invalid input_size: 32; the model's input has shape [?, 1, 28, 28]", size.getMessage());
        ConfigException order = assertThrows(ConfigException.class,
                () -> options(Map.of("order", "rgb")).resolve("m", null, GRAY_28));
        assertEquals("m: invalid order: 'rgb' gives 3 channel(s), but the model's input takes 1 (shape [?, 1, 28, 28])",
                order.getMessage());
        ConfigException mean = assertThrows(ConfigException.class,
                () -> options(Map.of("mean", "0.1,0.2")).resolve("m", VIT, null));
        assertEquals("m: invalid mean: [0.1, 0.2]; expected 1 value or 3, one per channel of the 3-channel input",
                mean.getMessage());
        ConfigException std = assertThrows(ConfigException.class,
                () -> options(Map.of("std", "1,1,1")).resolve("m", null, GRAY_28));
        assertTrue(std.getMessage().startsWith("m: invalid std: [1.0, 1.0, 1.0]; expected 1 value or 1"), std.getMessage());
        assertThrows(dev.facet.spi.BackboneException.class, () -> InputOptions.NONE.resolve("m", null, new long[] {-1, 3}));
        dev.facet.spi.BackboneException rgba = assertThrows(dev.facet.spi.BackboneException.class,
                () -> InputOptions.NONE.resolve("m", null, new long[] {-1, 4, 8, 8}));
        assertEquals("m: the model's input has shape [?, 4, 8, 8]; Facet feeds it images of 1 channel (gray) or 3 "
                + "(rgb, bgr)", rgba.getMessage());
    }
}
