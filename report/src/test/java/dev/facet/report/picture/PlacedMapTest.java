package dev.facet.report.picture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.GridWindow;
import dev.facet.spi.backbone.InputGeometry;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Maps drawn on the source image by inverting the preprocessing ({@link MapInterpolation#place}). */
class PlacedMapTest {
    private static final float PADDING = 1000;

    /** A 14×14 grid whose cells wholly in padding hold {@link #PADDING} and the others their column index. */
    private static FloatMatrix grid(InputGeometry geometry, int rows, int cols) {
        GridWindow content = geometry.contentCells(rows, cols);
        FloatMatrix map = FloatMatrix.zeros(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                map.set(r, c, content.contains(r, c) ? c : PADDING);
            }
        }
        return map;
    }

    @Test
    void anImageThatFillsTheInputIsAPlainResize() {
        FloatMatrix map = TestImages.random(7, 7, 3);
        for (ResizeMode mode : ResizeMode.values()) {
            InputGeometry square = InputGeometry.of(28, 28, 28, 28, mode);
            for (MapInterpolation interpolation : MapInterpolation.values()) {
                PlacedMap placed = interpolation.place(map, square, 112, 112);
                assertTrue(placed.coversWholeImage(), mode.toString());
                assertArrayEquals(interpolation.resize(map, 112, 112).data(), placed.values().data(), mode.toString());
            }
        }
    }

    @Test
    void aStretchedPhotoIsCoveredWhole() {
        InputGeometry stretch = InputGeometry.of(451, 300, 224, 224, ResizeMode.STRETCH);
        FloatMatrix map = TestImages.random(14, 14, 4);

        PlacedMap placed = MapInterpolation.BILINEAR.place(map, stretch, 451, 300);

        assertTrue(placed.coversWholeImage());
        assertArrayEquals(MapInterpolation.BILINEAR.resize(map, 300, 451).data(), placed.values().data());
    }

    @Test
    void aCentreCropCoversTheCroppedWindowOnly() {
        // 451x300 into 224: the input shows source columns 74.9..374.7, so display columns 75..374.
        InputGeometry crop = InputGeometry.of(451, 300, 224, 224, ResizeMode.SHORTER_SIDE_CENTER_CROP);

        PlacedMap placed = MapInterpolation.BILINEAR.place(grid(crop, 14, 14), crop, 451, 300);

        assertEquals(75, placed.left());
        assertEquals(300, placed.values().cols());
        assertEquals(0, placed.top());
        assertEquals(300, placed.values().rows());
        // Column 0 of the window is the left edge of cell 0, column 299 the right edge of cell 13.
        assertEquals(0f, placed.values().get(150, 0));
        assertEquals(13f, placed.values().get(150, 299));
        // The centre of cell 6 (input x = 104) is source x = (104 + 56)·451/337 ≈ 214.1.
        assertEquals(6f, placed.values().get(150, 214 - 75), 0.1f);
        // At half the display size, the same window in display pixels.
        PlacedMap half = MapInterpolation.BILINEAR.place(grid(crop, 14, 14), crop, 226, 150);
        assertEquals(38, half.left());
        assertEquals(150, half.values().cols());
    }

    @Test
    void cellsWhollyInPaddingAreNeverPainted() {
        for (int[] size : new int[][] {{451, 300}, {300, 451}, {900, 300}, {500, 1}}) {
            for (ResizeMode mode : new ResizeMode[] {ResizeMode.PAD, ResizeMode.FIT_HEIGHT_PAD_RIGHT}) {
                InputGeometry geometry = InputGeometry.of(size[0], size[1], 224, 224, mode);
                for (MapInterpolation interpolation : MapInterpolation.values()) {
                    PlacedMap placed = interpolation.place(grid(geometry, 14, 14), geometry, size[0], size[1]);
                    String what = mode + " " + size[0] + "x" + size[1] + " " + interpolation;
                    assertTrue(placed.coversWholeImage(), what);
                    for (float v : placed.values().data()) {
                        assertTrue(v > -1 && v < 14, what + ": found " + v);
                    }
                }
            }
        }
    }

    @Test
    void aCellPartlyInPaddingIsPaintedOverItsContentOnly() {
        // 451x300 padded into 224: content rows 37..185, so grid row 2 ([32, 48)) is partly padding.
        InputGeometry pad = InputGeometry.of(451, 300, 224, 224, ResizeMode.PAD);
        FloatMatrix map = FloatMatrix.zeros(14, 14);
        for (int c = 0; c < 14; c++) {
            map.set(2, c, 5);
        }

        PlacedMap placed = MapInterpolation.BILINEAR.place(map, pad, 451, 300);

        // Source row 0 is input row 37.3: above the centre of row 2 (40), so it reads row 2 alone.
        assertEquals(5f, placed.values().get(0, 200));
        // Row 3's centre (56) is source row (56 - 37)·300/149 ≈ 38.3: the map has fallen to row 3's value there.
        assertEquals(0f, placed.values().get(40, 200), 1e-6f);
    }

    @Test
    void aTextLineIsDrawnOverItsContentCells() {
        // 300x100 into 320x48: width 144, so grid columns 9..19 (16 px each) are padding.
        InputGeometry line = InputGeometry.of(300, 100, 320, 48, ResizeMode.FIT_HEIGHT_PAD_RIGHT);
        FloatMatrix map = grid(line, 3, 20);

        PlacedMap placed = MapInterpolation.BILINEAR.place(map, line, 300, 100);

        assertTrue(placed.coversWholeImage());
        assertEquals(0f, placed.values().get(50, 0));
        assertEquals(8f, placed.values().get(50, 299));
        // Column 8 covers input [128, 144), all content: source x = 128·300/144 ≈ 266.7 onwards.
        assertEquals(8f, placed.values().get(50, 285), 1e-6f);
    }

    @Test
    void aSqueezedLineCoversTheWholeImage() {
        InputGeometry squeezed = InputGeometry.of(1000, 50, 320, 48, ResizeMode.FIT_HEIGHT_PAD_RIGHT);
        FloatMatrix map = TestImages.random(3, 20, 5);

        PlacedMap placed = MapInterpolation.BICUBIC.place(map, squeezed, 200, 10);

        assertTrue(placed.coversWholeImage());
        assertArrayEquals(MapInterpolation.BICUBIC.resize(map, 10, 200).data(), placed.values().data(), 1e-5f);
    }

    @Test
    void inputResolutionMapsAreCroppedToo() {
        // An attribution at input resolution (one cell per input pixel) of a centre-cropped tall image.
        InputGeometry crop = InputGeometry.of(30, 60, 10, 10, ResizeMode.SHORTER_SIDE_CENTER_CROP);
        FloatMatrix map = FloatMatrix.zeros(10, 10);
        map.set(0, 5, 1);

        PlacedMap placed = MapInterpolation.BILINEAR.place(map, crop, 30, 60);

        assertEquals(15, placed.top());
        assertEquals(30, placed.values().rows());
        assertEquals(0, placed.left());
        assertTrue(placed.values().get(0, 16) > 0.5f);
    }

    @Test
    void picturesPaintOnlyTheCoveredWindow() {
        InputGeometry crop = InputGeometry.of(40, 20, 10, 10, ResizeMode.SHORTER_SIDE_CENTER_CROP);
        FloatMatrix map = FloatMatrix.zeros(2, 2);
        map.set(0, 1, 4);
        map.set(1, 1, 4);
        BufferedImage image = TestImages.gradient(40, 20, BufferedImage.TYPE_INT_RGB);
        PlacedMap placed = MapInterpolation.BILINEAR.place(map, crop, 40, 20);
        assertEquals(10, placed.left());
        assertEquals(20, placed.values().cols());

        BufferedImage overlay = Pictures.overlay(image, placed, Colormap.VIRIDIS, 0);
        BufferedImage contours = Pictures.contours(image, placed, new double[] {50}, Colormap.VIRIDIS);
        BufferedImage evidence = Pictures.evidence(image, placed);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                boolean outside = x < 10 || x >= 30;
                if (outside) {
                    assertEquals(TestImages.rgb(image, x, y), TestImages.rgb(overlay, x, y), "overlay at " + x + "," + y);
                    assertEquals(TestImages.rgb(image, x, y), TestImages.rgb(contours, x, y), "contour at " + x + "," + y);
                    assertNotEquals(TestImages.rgb(image, x, y), TestImages.rgb(evidence, x, y), "evidence at " + x + "," + y);
                }
            }
        }
        assertNotEquals(TestImages.rgb(image, 28, 10), TestImages.rgb(overlay, 28, 10));
        assertEquals(TestImages.rgb(image, 28, 10), TestImages.rgb(evidence, 28, 10));
        // The zoom is centred on the hottest covered pixel, the right part of the window.
        BufferedImage zoom = Pictures.zoom(image, placed, 0.5, 10);
        assertEquals(10, zoom.getWidth());
        assertFalse(placed.coversWholeImage());
    }

    @Test
    void refusesMapsThatDoNotFit() {
        FloatMatrix values = FloatMatrix.zeros(3, 3);
        assertThrows(InvalidDataException.class, () -> new PlacedMap(4, 4, 2, 0, values));
        PlacedMap placed = new PlacedMap(4, 4, 1, 1, values);
        BufferedImage other = TestImages.gradient(5, 4, BufferedImage.TYPE_INT_RGB);
        assertThrows(InvalidDataException.class, () -> Pictures.overlay(other, placed, Colormap.JET, 0));
    }
}
