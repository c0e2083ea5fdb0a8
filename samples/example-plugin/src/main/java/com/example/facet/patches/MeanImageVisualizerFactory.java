package com.example.facet.patches;

import dev.facet.spi.Capability;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import dev.facet.spi.visual.VisualizationRequest;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Example visualizer {@code mean-image}: the pixel-wise mean of a concept's top images, a quick
 * look at what they share (the "average face" of a concept). Needs no backbone capability.
 * Settings: {@code size} (side of the picture in pixels, default 112).
 */
public final class MeanImageVisualizerFactory implements ConceptVisualizerFactory {

    @Override
    public String id() {
        return "mean-image";
    }

    @Override
    public String description() {
        return "Pixel-wise mean of a concept's top images";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of();
    }

    @Override
    public ConceptVisualizer create(ConfigValues settings) {
        settings.rejectUnknown(Set.of("size"));
        int size = settings.optInt("size", 112, 8, 2048);
        return (request, context) -> render(request, size);
    }

    private static List<Path> render(VisualizationRequest request, int size) {
        if (request.topImages().isEmpty()) {
            return List.of();
        }
        double[] sum = new double[size * size * 3];
        for (Path file : request.topImages()) {
            BufferedImage image = read(file);
            BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size, size, null);
            g.dispose();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = scaled.getRGB(x, y);
                    int at = (y * size + x) * 3;
                    sum[at] += (rgb >> 16) & 0xff;
                    sum[at + 1] += (rgb >> 8) & 0xff;
                    sum[at + 2] += rgb & 0xff;
                }
            }
        }
        int n = request.topImages().size();
        BufferedImage mean = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int at = (y * size + x) * 3;
                int r = (int) Math.round(sum[at] / n);
                int g = (int) Math.round(sum[at + 1] / n);
                int b = (int) Math.round(sum[at + 2] / n);
                mean.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Path out = request.outputDir().resolve("mean.png");
        try {
            ImageIO.write(mean, "png", out.toFile());
        } catch (IOException e) {
            throw new FacetException("mean-image: cannot write " + out + ": " + e, e);
        }
        return List.of(out);
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new CorruptArtifactException(file, "is not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new InvalidDataException("mean-image: cannot read top image " + file + ": " + e);
        }
    }
}
