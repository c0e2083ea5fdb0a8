package dev.facet.report.picture;

import dev.facet.spi.tensor.FloatMatrix;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/** Test images of every kind the picture functions must accept, and small maps. */
final class TestImages {

    private TestImages() {
    }

    /** A colourful gradient of {@code type}; with ARGB, the left third is fully transparent. */
    static BufferedImage gradient(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 255 * x / Math.max(1, width - 1);
                int g = 255 * y / Math.max(1, height - 1);
                int alpha = type == BufferedImage.TYPE_INT_ARGB && x < width / 3 ? 0 : 255;
                image.setRGB(x, y, alpha << 24 | r << 16 | g << 8 | 96);
            }
        }
        return image;
    }

    /** A {@code width × height} image filled with {@code rgb}. */
    static BufferedImage filled(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Every image kind of the contract: odd sizes, 1×1, grey, ARGB with transparency, BGR, indexed. */
    static List<BufferedImage> variety() {
        return List.of(
                gradient(37, 23, BufferedImage.TYPE_INT_RGB),
                gradient(1, 1, BufferedImage.TYPE_INT_RGB),
                gradient(23, 37, BufferedImage.TYPE_BYTE_GRAY),
                gradient(37, 23, BufferedImage.TYPE_INT_ARGB),
                gradient(37, 23, BufferedImage.TYPE_3BYTE_BGR),
                gradient(16, 9, BufferedImage.TYPE_BYTE_INDEXED),
                gradient(2, 31, BufferedImage.TYPE_4BYTE_ABGR));
    }

    /** Non-negative random maps of sizes 1×1, 7×7 and 3×5. */
    static List<FloatMatrix> maps() {
        return List.of(random(1, 1, 1), random(7, 7, 2), random(3, 5, 3));
    }

    static FloatMatrix random(int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new FloatMatrix(rows, cols, data);
    }

    /** Largest absolute channel difference between two 0xRRGGBB colours. */
    static int distance(int a, int b) {
        int d = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            d = Math.max(d, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
        }
        return d;
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }
}
