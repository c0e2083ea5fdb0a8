package com.example.facet.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryInfo;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.VisualizationRequest;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeanImageVisualizerTest {

    /** A dictionary the visualizer never calls; the request only needs one. */
    private static final Dictionary UNUSED = new Dictionary() {
        @Override
        public DictionaryInfo info() {
            return new DictionaryInfo("unused", 2, 4);
        }

        @Override
        public Codes encode(FloatMatrix x) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FloatMatrix decode(Codes codes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FloatMatrix atoms() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(Path directory) {
            throw new UnsupportedOperationException();
        }
    };

    private static Path png(Path file, int width, int height, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void meanOfBlackAndWhiteIsMidGrey(@TempDir Path dir) throws IOException {
        ConceptVisualizer visualizer = new MeanImageVisualizerFactory()
                .create(ConfigValues.of("test", Map.of("size", 16)));
        List<Path> top = List.of(png(dir.resolve("a.png"), 7, 5, Color.BLACK), png(dir.resolve("b.png"), 3, 9, Color.WHITE));
        try (Backbone backbone = new PixelPatchesBackboneFactory().open(new BackboneConfig("pixel-patches", Device.CPU,
                ConfigValues.of("test", Map.of("height", 4, "width", 4, "patch", 2))))) {
            List<Path> made = visualizer.render(new VisualizationRequest(backbone, "patches", UNUSED, 1, top, dir),
                    RunContext.builder().setOutputDirectory(dir).build());
            assertEquals(List.of(dir.resolve("mean.png")), made);
            BufferedImage mean = ImageIO.read(made.get(0).toFile());
            assertEquals(16, mean.getWidth());
            assertEquals(16, mean.getHeight());
            assertEquals(new Color(128, 128, 128).getRGB(), mean.getRGB(8, 8));
        }
    }

    @Test
    void unknownSettingsAreRefusedAndNoCapabilityIsRequired() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new MeanImageVisualizerFactory().create(ConfigValues.of("test", Map.of("sise", 3))));
        assertTrue(e.getMessage().contains("sise"), e.getMessage());
        assertTrue(new MeanImageVisualizerFactory().requires().isEmpty());
    }
}
