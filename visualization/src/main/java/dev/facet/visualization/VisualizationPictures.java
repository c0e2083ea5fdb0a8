package dev.facet.visualization;

import dev.facet.spi.FacetException;
import dev.facet.spi.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a {@link FeatureVisualization} as the three pictures of MACO (Fel et al. 2023;
 * docs/algorithms.md#transparency-and-product): {@code image.png}, the image in RGB (or gray);
 * {@code transparency.png}, the transparency map divided by its maximum; and {@code product.png}, the
 * image times the transparency clipped at its 80th percentile and divided by its maximum, min-max
 * normalised. Each is written atomically; the same visualization gives the same bytes.
 */
public final class VisualizationPictures {
    /** The percentile at which the transparency is clipped before it multiplies the image. */
    static final double CLIP_PERCENTILE = 80;

    private VisualizationPictures() {
    }

    /** Writes the three pictures into {@code directory} (created if missing) and returns them in that order. */
    public static List<Path> write(FeatureVisualization visualization, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new FacetException("Cannot create " + directory + " for a feature visualization: " + e, e);
        }
        int channels = visualization.channels();
        int plane = visualization.height() * visualization.width();
        float[] image = visualization.image().data().clone();
        ChannelOrders.swapIfBgr(visualization.order(), image, 1, plane);
        float[] transparency = visualization.transparency().data();
        float[] alpha = alpha(transparency);
        float[] product = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            product[i] = image[i] * alpha[i % plane];
        }
        Path imageFile = directory.resolve("image.png");
        Path transparencyFile = directory.resolve("transparency.png");
        Path productFile = directory.resolve("product.png");
        png(picture(image, channels, visualization.height(), visualization.width()), imageFile);
        png(picture(scaledToMax(transparency), 1, visualization.height(), visualization.width()), transparencyFile);
        png(picture(minMax(product), channels, visualization.height(), visualization.width()), productFile);
        return List.of(imageFile, transparencyFile, productFile);
    }

    /** The transparency clipped at its 80th percentile and divided by its maximum; zeros when it is all zero. */
    static float[] alpha(float[] transparency) {
        double clip = percentile(transparency, CLIP_PERCENTILE);
        float[] alpha = new float[transparency.length];
        if (!(clip > 0)) {
            return alpha;
        }
        for (int i = 0; i < transparency.length; i++) {
            alpha[i] = (float) (Math.min(transparency[i], clip) / clip);
        }
        return alpha;
    }

    /** The {@code q}-th percentile, interpolating linearly between order statistics (numpy's default). */
    static double percentile(float[] values, double q) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = q / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    private static float[] scaledToMax(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        float[] scaled = new float[values.length];
        for (int i = 0; max > 0 && i < values.length; i++) {
            scaled[i] = values[i] / max;
        }
        return scaled;
    }

    private static float[] minMax(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] scaled = new float[values.length];
        for (int i = 0; max > min && i < values.length; i++) {
            scaled[i] = (values[i] - min) / (max - min);
        }
        return scaled;
    }

    /**
     * Encodes {@code picture} as PNG in memory and moves it into place ({@link AtomicFiles#writeWithoutSync}),
     * so a killed run never leaves half a picture; ImageIO's encoder is deterministic.
     */
    private static void png(BufferedImage picture, Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(picture, "png", out)) {
                throw new FacetException("No PNG encoder accepts " + file);
            }
        } catch (IOException e) {
            throw new FacetException("Cannot encode " + file + " as PNG: " + e, e);
        }
        AtomicFiles.writeWithoutSync(file, bytes.toByteArray());
    }

    /** An 8-bit picture of (channels, height, width) values in [0, 1], RGB order or gray. */
    private static BufferedImage picture(float[] values, int channels, int height, int width) {
        BufferedImage picture = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        int[] pixel = new int[channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    pixel[c] = quantise(values[c * plane + y * width + x]);
                }
                picture.getRaster().setPixel(x, y, pixel);
            }
        }
        return picture;
    }

    private static int quantise(float value) {
        return (int) Math.round(Math.max(0f, Math.min(1f, value)) * 255);
    }
}
