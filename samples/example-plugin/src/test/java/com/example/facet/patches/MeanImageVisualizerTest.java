package com.example.facet.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.attribution.Objective;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeanImageVisualizerTest {

    /**
     * A small real dictionary (2 concepts: the rectified first two of 4 channels) for the request;
     * the mean-image visualizer only reads the top images.
     */
    private static final Dictionary FIRST_CHANNELS = new Dictionary() {
        @Override
        public DictionaryInfo info() {
            return new DictionaryInfo("first-channels", 2, 4);
        }

        @Override
        public Codes encode(FloatMatrix x) {
            FloatMatrix codes = FloatMatrix.zeros(x.rows(), 2);
            for (int r = 0; r < x.rows(); r++) {
                for (int i = 0; i < 2; i++) {
                    codes.set(r, i, Math.max(0, x.get(r, i)));
                }
            }
            return Codes.fromDense(codes);
        }

        @Override
        public FloatMatrix decode(Codes codes) {
            FloatMatrix out = FloatMatrix.zeros(codes.rows(), 4);
            for (int r = 0; r < codes.rows(); r++) {
                for (int i = 0; i < 2; i++) {
                    out.set(r, i, codes.get(r, i));
                }
            }
            return out;
        }

        @Override
        public FloatMatrix atoms() {
            return FloatMatrix.of(new float[][] {{1, 0, 0, 0}, {0, 1, 0, 0}});
        }

        @Override
        public void save(Path directory) {
            try {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("atoms.txt"), "1 0 0 0\n0 1 0 0\n");
            } catch (IOException e) {
                throw new dev.facet.spi.FacetException("Cannot save to " + directory + ": " + e, e);
            }
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
            List<Path> made = visualizer.render(new VisualizationRequest(backbone, "patches", FIRST_CHANNELS, 1,
                    Objective.channel("patches", 1), top, null, dir),
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
