package dev.facet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.report.picture.PictureFormat;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.config.ConfigValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportSettingsTest {

    private static final InputSpec PHOTO = new InputSpec(3, 224, 224, ChannelOrder.RGB, ResizeMode.STRETCH,
            new float[3], new float[] {1, 1, 1});
    private static final InputSpec DIGIT = new InputSpec(1, 28, 28, ChannelOrder.GRAY, ResizeMode.STRETCH,
            new float[1], new float[] {1});
    private static final InputSpec TINY_RGB = new InputSpec(3, 32, 32, ChannelOrder.RGB, ResizeMode.STRETCH,
            new float[3], new float[] {1, 1, 1});

    private static ReportSettings of(Map<String, Object> values) {
        return ReportSettings.of(ConfigValues.of("report", values));
    }

    @Test
    void autoDrawsPhotosAsJpegAndSmallOrGrayInputsAsPng() {
        ReportSettings defaults = ReportSettings.defaults();
        assertEquals("auto", defaults.imageFormat());
        assertEquals(PictureFormat.JPEG, defaults.pictureFormat(PHOTO));
        assertEquals(PictureFormat.PNG, defaults.pictureFormat(DIGIT));
        assertEquals(PictureFormat.PNG, defaults.pictureFormat(TINY_RGB));
        assertEquals(PictureFormat.PNG, of(Map.of("image_format", "png")).pictureFormat(PHOTO));
        assertEquals(PictureFormat.JPEG, of(Map.of("image_format", "JPG")).pictureFormat(DIGIT));
        assertEquals("jpeg", of(Map.of("image_format", "JPG")).toMap().get("image_format"));
        assertEquals(0.5, of(Map.of("jpeg_quality", 0.5)).jpegQuality());
    }

    @Test
    void badFormatsAndQualitiesNameTheKey() {
        ConfigException format = assertThrows(ConfigException.class, () -> of(Map.of("image_format", "gif")));
        assertTrue(format.getMessage().contains("image_format") && format.getMessage().contains("gif"), format.getMessage());
        for (Object quality : new Object[] {0, 1.5, "high"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> of(Map.of("jpeg_quality", quality)));
            assertTrue(e.getMessage().contains("jpeg_quality"), e.getMessage());
        }
    }

    @Test
    void attributionImagesIsFacetsKeyNotTheMethods() {
        ReportSettings three = of(Map.of("attribution", Map.of("id", "occlusion", "images", 3, "window", 8)));
        assertEquals(3, three.attributionImages());
        assertEquals(Map.of("window", 8), three.attributionSettings());
        assertEquals(ReportSettings.DEFAULT_ATTRIBUTION_IMAGES, of(Map.of("attribution", Map.of("id", "rise")))
                .attributionImages());
        for (Object images : new Object[] {0, 65, "all", 2.5}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> of(Map.of("attribution", Map.of("id", "occlusion", "images", images))));
            assertTrue(e.getMessage().contains("attribution images"), e.getMessage());
        }
    }
}
