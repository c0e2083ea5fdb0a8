package dev.facet.report.picture;

import static dev.facet.report.picture.TestImages.distance;
import static dev.facet.report.picture.TestImages.rgb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PicturesTest {

    private static final int RED = 0xff0000;
    private static final int WHITE = 0xffffff;

    @Test
    void everyFunctionAcceptsEveryImageKindAndMapSize() {
        for (BufferedImage image : TestImages.variety()) {
            for (FloatMatrix map : TestImages.maps()) {
                String what = image.getWidth() + "x" + image.getHeight() + " type " + image.getType() + ", map "
                        + map.rows() + "x" + map.cols();
                assertRgb(Pictures.overlay(image, map, Colormap.VIRIDIS, 0), image.getWidth(), image.getHeight(), what);
                assertRgb(Pictures.evidence(image, map), image.getWidth(), image.getHeight(), what);
                assertRgb(Pictures.contours(image, map, new double[] {50, 90}, Colormap.JET),
                        image.getWidth(), image.getHeight(), what);
                assertRgb(Pictures.zoom(image, map, 0.4, 17), 17, 17, what);
            }
            assertRgb(Pictures.toRgb(image), image.getWidth(), image.getHeight(), "toRgb");
            BufferedImage up = Pictures.upscale(image, 64);
            assertEquals(64, Math.max(up.getWidth(), up.getHeight()));
        }
    }

    @Test
    void toRgbCompositesTransparencyOntoWhiteAndKeepsGreyLevels() {
        BufferedImage argb = TestImages.gradient(9, 5, BufferedImage.TYPE_INT_ARGB);
        assertEquals(WHITE, rgb(Pictures.toRgb(argb), 0, 0));
        assertEquals(argb.getRGB(8, 4) & 0xffffff, rgb(Pictures.toRgb(argb), 8, 4));
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 128);
        assertEquals(0x808080, rgb(Pictures.toRgb(grey), 1, 1));
        BufferedImage bgr = TestImages.gradient(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        assertEquals(bgr.getRGB(3, 2) & 0xffffff, rgb(Pictures.toRgb(bgr), 3, 2));
    }

    @Test
    void overlayColoursThePeakCornerAndSparesTheOpposite() {
        BufferedImage image = TestImages.filled(41, 29, 0x808080);
        FloatMatrix map = FloatMatrix.zeros(7, 7);
        map.set(0, 0, 1);
        BufferedImage out = Pictures.overlay(image, map, Colormap.JET, 0);
        int near = distance(0x808080, rgb(out, 0, 0));
        int far = distance(0x808080, rgb(out, 40, 28));
        assertTrue(near > 40, "peak corner changed by " + near);
        assertTrue(near > far, near + " > " + far);
        assertEquals(0, far);
        // The peak is drawn in the colormap's top colour (dark red for jet).
        int peak = rgb(out, 0, 0);
        assertTrue((peak >> 16 & 0xff) > (peak & 0xff), Integer.toHexString(peak));
    }

    @Test
    void vmaxScalesTheHeatmap() {
        BufferedImage image = TestImages.filled(10, 10, 0x808080);
        FloatMatrix map = new FloatMatrix(1, 1, new float[] {1});
        int full = distance(0x808080, rgb(Pictures.overlay(image, map, Colormap.VIRIDIS, 1), 5, 5));
        int faint = distance(0x808080, rgb(Pictures.overlay(image, map, Colormap.VIRIDIS, 10), 5, 5));
        assertTrue(faint < full, faint + " < " + full);
        assertEquals(rgb(Pictures.overlay(image, map, Colormap.VIRIDIS, 1), 5, 5),
                rgb(Pictures.overlay(image, map, Colormap.VIRIDIS, Double.NaN), 5, 5));
    }

    @Test
    void allZeroMapLeavesTheImageUnchanged() {
        for (BufferedImage image : TestImages.variety()) {
            BufferedImage expected = Pictures.toRgb(image);
            for (double vmax : new double[] {0, 1, Double.NaN}) {
                BufferedImage out = Pictures.overlay(image, FloatMatrix.zeros(3, 5), Colormap.palette(3), vmax);
                assertSamePixels(expected, out);
            }
        }
    }

    @Test
    void evidenceKeepsTheTopAndGreysOutTheRest() {
        BufferedImage image = TestImages.filled(40, 20, RED);
        FloatMatrix ramp = new FloatMatrix(1, 10, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        BufferedImage out = Pictures.evidence(image, ramp);
        assertEquals(RED, rgb(out, 39, 10), "strongest pixels are kept");
        int low = rgb(out, 0, 10);
        assertTrue(isGrey(low), "weakest pixels are grey: " + Integer.toHexString(low));
        assertTrue((low & 0xff) < 0x80, "and dim: " + Integer.toHexString(low));
        // Between the percentiles the image fades: more red than the grey-out, less than the original.
        int between = rgb(out, 30, 10);
        assertTrue(!isGrey(between) && between != RED, Integer.toHexString(between));
        // A constant map keeps everything.
        assertSamePixels(image, Pictures.evidence(image, FloatMatrix.zeros(2, 2)));
    }

    @Test
    void evidencePercentilesAreRespected() {
        BufferedImage image = TestImages.filled(100, 1, RED);
        float[] values = new float[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i;
        }
        BufferedImage out = Pictures.evidence(image, new FloatMatrix(1, 100, values), 20, 30);
        assertTrue(isGrey(rgb(out, 10, 0)));
        assertTrue(isGrey(rgb(out, 19, 0)));
        assertEquals(RED, rgb(out, 31, 0));
        assertEquals(RED, rgb(out, 99, 0));
    }

    @Test
    void zoomCentresOnTheArgmax() {
        BufferedImage image = TestImages.filled(50, 40, WHITE);
        for (int y = 9; y <= 11; y++) {
            for (int x = 34; x <= 36; x++) {
                image.setRGB(x, y, RED);
            }
        }
        float[] values = new float[40 * 50];
        values[10 * 50 + 35] = 5;
        BufferedImage zoom = Pictures.zoom(image, new FloatMatrix(40, 50, values), 0.2, 32);
        assertEquals(32, zoom.getWidth());
        assertTrue(distance(RED, rgb(zoom, 16, 16)) < 30, Integer.toHexString(rgb(zoom, 16, 16)));
        assertTrue(distance(WHITE, rgb(zoom, 1, 1)) < 30, "corners show the surroundings");
    }

    @Test
    void zoomCutsTheCropFromTheFullResolutionSourceAtTheSamePlace() {
        // the source: fine one-pixel stripes in its right half; the display copy is a quarter of its size
        BufferedImage source = TestImages.filled(400, 200, WHITE);
        for (int y = 0; y < 200; y++) {
            for (int x = 200; x < 400; x += 2) {
                source.setRGB(x, y, RED);
            }
        }
        BufferedImage display = Pictures.upscale(source, 100);
        float[] values = new float[50 * 100];
        values[25 * 100 + 80] = 1;
        PlacedMap map = PlacedMap.covering(new FloatMatrix(50, 100, values));
        BufferedImage sharp = Pictures.zoom(display, map, 0.4, 80, source);
        BufferedImage blurred = Pictures.zoom(display, map, 0.4, 80);
        assertEquals(80, sharp.getWidth());
        assertEquals(80, sharp.getHeight());
        int sharpEdges = 0;
        int blurredEdges = 0;
        for (int x = 1; x < 80; x++) {
            sharpEdges += distance(rgb(sharp, x, 40), rgb(sharp, x - 1, 40)) > 100 ? 1 : 0;
            blurredEdges += distance(rgb(blurred, x, 40), rgb(blurred, x - 1, 40)) > 100 ? 1 : 0;
        }
        assertTrue(sharpEdges > 20, "the source's stripes survive: " + sharpEdges + " edges");
        assertEquals(0, blurredEdges, "the display copy has averaged them away");
        BufferedImage same = Pictures.zoom(display, map, 0.4, 80, display);
        assertEquals(rgb(blurred, 40, 40), rgb(same, 40, 40), "a source no larger than the image changes nothing");
    }

    @Test
    void zoomShiftsTheCropInsideAndTakesTheFirstMaximum() {
        BufferedImage image = TestImages.gradient(30, 20, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, RED);
        FloatMatrix map = new FloatMatrix(2, 2, new float[] {1, 0, 0, 1}); // tie: top-left wins
        BufferedImage zoom = Pictures.zoom(image, map, 0.5, 10);
        assertTrue(distance(RED, rgb(zoom, 0, 0)) < 40, Integer.toHexString(rgb(zoom, 0, 0)));
        BufferedImage whole = Pictures.zoom(image, map, 1, 20);
        assertEquals(20, whole.getHeight());
        BufferedImage single = Pictures.zoom(TestImages.filled(1, 1, RED), map, 0.01, 3);
        assertEquals(RED, rgb(single, 1, 1));
    }

    @Test
    void contoursDrawTheLevelColourOnTheIsoLine() {
        int n = 61;
        float[] values = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                values[y * n + x] = (float) -Math.hypot(x - 30, y - 30);
            }
        }
        BufferedImage image = TestImages.filled(n, n, WHITE);
        BufferedImage out = Pictures.contours(image, new FloatMatrix(n, n, values), new double[] {50}, Colormap.JET);
        int level = Colormap.JET.rgb(0.5);
        double radius = Math.sqrt(n * n / 2.0 / Math.PI); // half the pixels lie inside the median line
        int onLine = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (distance(level, rgb(out, x, y)) < 40) {
                    onLine++;
                    assertEquals(radius, Math.hypot(x - 30, y - 30), 2.5, "level-coloured pixel at " + x + "," + y);
                }
            }
        }
        assertTrue(onLine > 60, "level-coloured pixels: " + onLine);
        assertEquals(WHITE, rgb(out, 30, 30));
        assertEquals(WHITE, rgb(out, 0, 0));
        assertSamePixels(image, Pictures.contours(image, FloatMatrix.zeros(3, 3), new double[] {50}, Colormap.JET));
    }

    @Test
    void upscaleKeepsAspectAndCrispPixels() {
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                digit.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
            }
        }
        BufferedImage big = Pictures.upscale(digit, 280);
        assertEquals(280, big.getWidth());
        assertEquals(280, big.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 280; y++) {
            for (int x = 0; x < 280; x++) {
                colours.add(rgb(big, x, y));
            }
        }
        assertEquals(Set.of(0, WHITE), colours, "nearest-neighbour keeps only the source values");
        assertEquals(WHITE, rgb(big, 5, 5));
        assertEquals(0, rgb(big, 15, 5));

        BufferedImage wide = Pictures.upscale(TestImages.gradient(300, 100, BufferedImage.TYPE_INT_RGB), 40);
        assertEquals(40, wide.getWidth());
        assertEquals(13, wide.getHeight());
        BufferedImage thin = Pictures.upscale(TestImages.gradient(1, 200, BufferedImage.TYPE_INT_RGB), 50);
        assertEquals(1, thin.getWidth());
        assertEquals(50, thin.getHeight());
        assertEquals(10, Pictures.upscale(TestImages.filled(1, 1, RED), 10).getWidth());
    }

    @Test
    void inputsAreNeverModified() {
        BufferedImage image = TestImages.gradient(12, 8, BufferedImage.TYPE_INT_RGB);
        BufferedImage copy = Pictures.toRgb(image);
        FloatMatrix map = TestImages.random(3, 5, 9);
        FloatMatrix mapCopy = new FloatMatrix(3, 5, map.data().clone());
        Pictures.overlay(image, map, Colormap.VIRIDIS, 0);
        Pictures.evidence(image, map);
        Pictures.contours(image, map, new double[] {50}, Colormap.VIRIDIS);
        Pictures.zoom(image, map, 0.5, 8);
        assertSamePixels(copy, image);
        assertEquals(mapCopy, map);
    }

    @Test
    void badInputSaysWhatWasExpected() {
        BufferedImage image = TestImages.gradient(8, 8, BufferedImage.TYPE_INT_RGB);
        FloatMatrix map = FloatMatrix.zeros(2, 2);
        FloatMatrix nan = FloatMatrix.zeros(2, 2);
        nan.set(1, 0, Float.NaN);
        FloatMatrix inf = FloatMatrix.zeros(1, 1);
        inf.set(0, 0, Float.POSITIVE_INFINITY);

        expect(InvalidDataException.class, "null", () -> Pictures.toRgb(null));
        expect(InvalidDataException.class, "null", () -> Pictures.overlay(null, map, Colormap.JET, 0));
        expect(InvalidDataException.class, "null", () -> Pictures.overlay(image, (FloatMatrix) null, Colormap.JET, 0));
        expect(InvalidDataException.class, "NaN", () -> Pictures.overlay(image, nan, Colormap.JET, 0));
        expect(InvalidDataException.class, "Infinity", () -> Pictures.evidence(image, inf));
        expect(InvalidDataException.class, "0x3", () -> Pictures.zoom(image, FloatMatrix.zeros(0, 3), 0.5, 8));
        expect(InvalidDataException.class, "NaN", () -> Pictures.contours(image, nan, new double[] {50}, Colormap.JET));
        expect(ConfigException.class, "colormap", () -> Pictures.overlay(image, map, null, 0));
        expect(ConfigException.class, "maxAlpha", () -> Pictures.overlay(image, map, Colormap.JET, 0, 2));
        for (double fraction : new double[] {0, -0.1, 1.5, Double.NaN}) {
            expect(ConfigException.class, "zoom fraction", () -> Pictures.zoom(image, map, fraction, 8));
        }
        expect(ConfigException.class, "outputSize", () -> Pictures.zoom(image, map, 0.5, 0));
        expect(ConfigException.class, "upscale size", () -> Pictures.upscale(image, 0));
        expect(ConfigException.class, "lowPercentile", () -> Pictures.evidence(image, map, 90, 50));
        expect(ConfigException.class, "highPercentile", () -> Pictures.evidence(image, map, 10, 101));
        expect(ConfigException.class, "percentile", () -> Pictures.contours(image, map, new double[] {-1}, Colormap.JET));
        expect(ConfigException.class, "percentiles", () -> Pictures.contours(image, map, null, Colormap.JET));
    }

    private static void expect(Class<? extends FacetException> type, String fragment, Executable call) {
        FacetException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention " + fragment);
    }

    private static void assertRgb(BufferedImage out, int width, int height, String what) {
        assertEquals(BufferedImage.TYPE_INT_RGB, out.getType(), what);
        assertEquals(width, out.getWidth(), what);
        assertEquals(height, out.getHeight(), what);
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(rgb(expected, x, y), rgb(actual, x, y), "pixel " + x + "," + y);
            }
        }
    }

    private static boolean isGrey(int rgb) {
        return (rgb >> 16 & 0xff) == (rgb >> 8 & 0xff) && (rgb >> 8 & 0xff) == (rgb & 0xff);
    }
}
