package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PixelRowsTest {

    private static BufferedImage noise(int type, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int b = 0; b < bands; b++) {
                    image.getRaster().setSample(x, y, b, random.nextInt(256));
                }
            }
        }
        return image;
    }

    /** What the rows hold when every sample goes through {@link Raster#getPixel}, alpha composited on white. */
    private static float expected(BufferedImage image, int x, int y, int channel) {
        Raster raster = image.getRaster();
        int[] pixel = raster.getPixel(raster.getMinX() + x, raster.getMinY() + y, (int[]) null);
        boolean alpha = image.getColorModel().hasAlpha();
        float value = pixel[channel];
        if (!alpha) {
            return value;
        }
        float a = pixel[pixel.length - 1] / 255f;
        return a * value + (1f - a) * 255f;
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY})
    void byteRastersReadTheSameSamplesAsTheRasterDoesIncludingSubimages(int type) {
        BufferedImage whole = noise(type, 37, 23, type);
        BufferedImage[] cases = {whole, whole.getSubimage(5, 7, 19, 11)};
        for (BufferedImage image : cases) {
            PixelRows rows = PixelRows.of(image, false);
            float[][] row = new float[rows.channels()][rows.width()];
            for (int y = 0; y < rows.height(); y++) {
                rows.read(y, row);
                for (int c = 0; c < rows.channels(); c++) {
                    for (int x = 0; x < rows.width(); x++) {
                        assertEquals(expected(image, x, y, c), row[c][x], 1e-4,
                                "type " + type + " " + image.getWidth() + "x" + image.getHeight() + " at " + x + "," + y + " channel " + c);
                    }
                }
            }
        }
    }
}
