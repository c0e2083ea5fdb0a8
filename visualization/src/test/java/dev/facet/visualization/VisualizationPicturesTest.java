package dev.facet.visualization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualizationPicturesTest {
    @TempDir
    Path dir;

    /** A 1 × 5 BGR image: blue ramps up, red ramps down, green is 0.5; transparency 1..5. */
    private static FeatureVisualization bgr() {
        float[] image = {
            0f, 0.25f, 0.5f, 0.75f, 1f,       // blue
            0.5f, 0.5f, 0.5f, 0.5f, 0.5f,     // green
            1f, 0.75f, 0.5f, 0.25f, 0f};      // red
        return new FeatureVisualization(new Tensor(new long[] {3, 1, 5}, image),
                new Tensor(new long[] {1, 5}, new float[] {1, 2, 3, 4, 5}), new double[] {1, 2}, 2, ChannelOrder.BGR);
    }

    @Test
    void imageIsWrittenInRgbOrderAndTransparencyScaledToItsMaximum() {
        List<Path> files = VisualizationPictures.write(bgr(), dir);
        assertEquals(List.of(dir.resolve("image.png"), dir.resolve("transparency.png"), dir.resolve("product.png")), files);
        BufferedImage image = read(files.get(0));
        assertArrayEquals(new int[] {255, 128, 0}, rgb(image, 0));
        assertArrayEquals(new int[] {0, 128, 255}, rgb(image, 4));
        BufferedImage transparency = read(files.get(1));
        for (int x = 0; x < 5; x++) {
            assertEquals(Math.round((x + 1) / 5f * 255), transparency.getRaster().getSample(x, 0, 0), "column " + x);
        }
    }

    /**
     * The 80th percentile of 1..5 is 4.2 (numpy's linear interpolation), so alpha is 1/4.2, 2/4.2,
     * 3/4.2, 4/4.2, 1; the product is min-max normalised over all its values.
     */
    @Test
    void productIsTheImageTimesTheClippedTransparency() {
        assertEquals(4.2, VisualizationPictures.percentile(new float[] {5, 1, 4, 2, 3}, 80), 1e-6);
        float[] alpha = VisualizationPictures.alpha(new float[] {1, 2, 3, 4, 5});
        assertArrayEquals(new float[] {1 / 4.2f, 2 / 4.2f, 3 / 4.2f, 4 / 4.2f, 1}, alpha, 1e-6f);
        BufferedImage product = read(VisualizationPictures.write(bgr(), dir).get(2));
        float[] red = {1f, 0.75f, 0.5f, 0.25f, 0f};
        float[] blue = {0f, 0.25f, 0.5f, 0.75f, 1f};
        float max = 0;
        for (int x = 0; x < 5; x++) {
            max = Math.max(max, Math.max(red[x], Math.max(0.5f, blue[x])) * alpha[x]);
        }
        for (int x = 0; x < 5; x++) {
            int[] expected = {Math.round(red[x] * alpha[x] / max * 255), Math.round(0.5f * alpha[x] / max * 255),
                Math.round(blue[x] * alpha[x] / max * 255)};
            int[] found = rgb(product, x);
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], found[c], 1, "column " + x + ", channel " + c);
            }
        }
    }

    @Test
    void theSameVisualizationGivesTheSameBytes() throws IOException {
        List<Path> first = VisualizationPictures.write(bgr(), dir.resolve("a"));
        List<Path> second = VisualizationPictures.write(bgr(), dir.resolve("b"));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Files.readAllBytes(first.get(i)), Files.readAllBytes(second.get(i)), first.get(i).toString());
        }
    }

    @Test
    void aGrayVisualizationIsAGrayPicture() {
        FeatureVisualization gray = new FeatureVisualization(new Tensor(new long[] {1, 2, 2}, new float[] {0, 0.5f, 1, 2}),
                new Tensor(new long[] {2, 2}, new float[4]), new double[] {0}, 0);
        BufferedImage image = read(VisualizationPictures.write(gray, dir).get(0));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertArrayEquals(new int[] {0, 128, 255, 255}, image.getRaster().getPixels(0, 0, 2, 2, new int[4]));
        BufferedImage transparency = read(dir.resolve("transparency.png"));
        assertArrayEquals(new int[4], transparency.getRaster().getPixels(0, 0, 2, 2, new int[4]), "all-zero transparency");
    }

    private static BufferedImage read(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static int[] rgb(BufferedImage image, int x) {
        int argb = image.getRGB(x, 0);
        return new int[] {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
    }
}
