package dev.facet.spi.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import org.junit.jupiter.api.Test;

class InputGeometryTest {
    private static final double EPS = 1e-9;
    private static final int[][] SOURCES = {{451, 300}, {300, 451}, {900, 300}, {1, 1}, {1, 500}, {500, 1},
        {224, 224}, {225, 224}, {7, 3}, {3, 7}};
    private static final int[][] INPUTS = {{224, 224}, {320, 48}, {5, 5}, {1, 1}, {7, 3}};

    @Test
    void stretchScalesEachAxisToTheInput() {
        InputGeometry g = InputGeometry.of(451, 300, 224, 224, ResizeMode.STRETCH);

        assertAxis(g.horizontal(), 451, 224, 0, 224, 0);
        assertAxis(g.vertical(), 300, 224, 0, 224, 0);
        assertFalse(g.padded());
        assertFalse(g.cropped());
        assertEquals(GridWindow.whole(14, 14), g.contentCells(14, 14));
    }

    @Test
    void centreCropKeepsTheMiddleOfTheScaledImage() {
        // 451x300 into 224: factor 224/300, the width becomes round(336.75) = 337, overhang 113, crop from 56.
        InputGeometry g = InputGeometry.of(451, 300, 224, 224, ResizeMode.SHORTER_SIDE_CENTER_CROP);

        assertAxis(g.horizontal(), 451, 337, 56, 224, 0);
        assertAxis(g.vertical(), 300, 224, 0, 224, 0);
        assertTrue(g.cropped());
        assertFalse(g.padded());
        // The input's left edge is source column 56·451/337 ≈ 74.9: the 75 px the old drawing ignored.
        assertEquals(56.0 * 451 / 337, g.horizontal().toSource(0), EPS);
        assertEquals(280.0 * 451 / 337, g.horizontal().toSource(224), EPS);
        assertEquals(GridWindow.whole(14, 14), g.contentCells(14, 14));
    }

    @Test
    void padCentresTheScaledImageWithFloorMargins() {
        // 451x300 into 224: factor 224/451, the height becomes round(149.0) = 149, margin 75, top 37.
        InputGeometry g = InputGeometry.of(451, 300, 224, 224, ResizeMode.PAD);

        assertAxis(g.horizontal(), 451, 224, 0, 224, 0);
        assertAxis(g.vertical(), 300, 149, 0, 149, 37);
        assertTrue(g.padded());
        assertFalse(g.cropped());
        // 16-pixel rows: row 2 covers [32, 48) and holds content from 37; row 11 covers [176, 192), content ends at 186.
        assertEquals(new GridWindow(2, 12, 0, 14), g.contentCells(14, 14));
        assertEquals(0, g.vertical().toSource(37), EPS);
        assertEquals(300, g.vertical().toSource(186), EPS);
    }

    @Test
    void fitHeightPadRightScalesToTheHeightAndPadsTheRight() {
        // 300x100 text line into 320x48: width ceil(300·48/100) = 144, columns [144, 320) padding.
        InputGeometry g = InputGeometry.of(300, 100, 320, 48, ResizeMode.FIT_HEIGHT_PAD_RIGHT);

        assertAxis(g.horizontal(), 300, 144, 0, 144, 0);
        assertAxis(g.vertical(), 100, 48, 0, 48, 0);
        assertEquals(new GridWindow(0, 3, 0, 9), g.contentCells(3, 20));
        // ceil rounds up: 301x100 gives 144.48 -> 145.
        assertEquals(145, InputGeometry.of(301, 100, 320, 48, ResizeMode.FIT_HEIGHT_PAD_RIGHT).horizontal().scaledLength());
    }

    @Test
    void fitHeightPadRightSqueezesAWiderImageToTheInputWidth() {
        InputGeometry g = InputGeometry.of(1000, 50, 320, 48, ResizeMode.FIT_HEIGHT_PAD_RIGHT);

        assertAxis(g.horizontal(), 1000, 320, 0, 320, 0);
        assertFalse(g.padded());
        assertEquals(GridWindow.whole(3, 20), g.contentCells(3, 20));
    }

    @Test
    void inputAndSourceCoordinatesRoundTrip() {
        for (ResizeMode mode : ResizeMode.values()) {
            for (int[] source : SOURCES) {
                for (int[] input : INPUTS) {
                    InputGeometry g = InputGeometry.of(source[0], source[1], input[0], input[1], mode);
                    String what = mode + " " + source[0] + "x" + source[1] + " -> " + input[0] + "x" + input[1];
                    for (InputGeometry.Axis axis : new InputGeometry.Axis[] {g.horizontal(), g.vertical()}) {
                        for (int pixel = 0; pixel <= axis.inputLength(); pixel++) {
                            for (double u : new double[] {pixel, pixel + 0.5}) {
                                assertEquals(u, axis.toInput(axis.toSource(u)), EPS, what);
                            }
                        }
                        for (int pixel = 0; pixel <= axis.sourceLength(); pixel++) {
                            assertEquals(pixel + 0.5, axis.toSource(axis.toInput(pixel + 0.5)), EPS, what);
                        }
                        // The content window's edges are the edges of the part of the source shown.
                        double start = axis.toSource(axis.padOffset());
                        double end = axis.toSource(axis.contentEnd());
                        assertTrue(start >= -EPS && end <= axis.sourceLength() + EPS && start < end, what);
                        if (!axis.cropped()) {
                            assertEquals(0, start, EPS, what);
                            assertEquals(axis.sourceLength(), end, EPS, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void contentCellsAreExactlyTheCellsThatMeetTheContentWindow() {
        for (ResizeMode mode : ResizeMode.values()) {
            for (int[] source : SOURCES) {
                for (int[] input : INPUTS) {
                    InputGeometry g = InputGeometry.of(source[0], source[1], input[0], input[1], mode);
                    for (int cells : new int[] {1, 2, 3, 7, 14}) {
                        checkCells(g.horizontal(), cells);
                        checkCells(g.vertical(), cells);
                    }
                }
            }
        }
    }

    /** Brute force over input pixels split evenly into cells; a cell meets the content when any part of it does. */
    private static void checkCells(InputGeometry.Axis axis, int cells) {
        int first = axis.firstContentCell(cells);
        int end = axis.endContentCell(cells);
        assertTrue(0 <= first && first < end && end <= cells, axis + " cells " + cells);
        for (int k = 0; k < cells; k++) {
            double lo = (double) k * axis.inputLength() / cells;
            double hi = (double) (k + 1) * axis.inputLength() / cells;
            boolean meets = hi > axis.padOffset() && lo < axis.contentEnd();
            assertEquals(meets, k >= first && k < end, axis + " cell " + k + " of " + cells);
        }
    }

    @Test
    void inContentSeparatesContentFromPadding() {
        InputGeometry.Axis axis = InputGeometry.of(300, 451, 224, 224, ResizeMode.PAD).horizontal();

        assertEquals(149, axis.contentLength());
        assertEquals(37, axis.padOffset());
        assertFalse(axis.inContent(36.999));
        assertTrue(axis.inContent(37));
        assertTrue(axis.inContent(185.999));
        assertFalse(axis.inContent(186));
    }

    @Test
    void onePixelImagesAndInputs() {
        for (ResizeMode mode : ResizeMode.values()) {
            InputGeometry single = InputGeometry.of(1, 1, 224, 224, mode);
            assertEquals(0.5, single.horizontal().toSource(112), EPS, mode.toString());
            InputGeometry tiny = InputGeometry.of(451, 300, 1, 1, mode);
            assertEquals(GridWindow.whole(1, 1), tiny.contentCells(1, 1), mode.toString());
            assertEquals(1, tiny.horizontal().contentLength(), mode.toString());
        }
        // A 1-pixel-high line padded into a square keeps one content row, in the middle.
        InputGeometry line = InputGeometry.of(500, 1, 224, 224, ResizeMode.PAD);
        assertAxis(line.vertical(), 1, 1, 0, 1, 111);
        assertEquals(new GridWindow(6, 7, 0, 14), line.contentCells(14, 14));
    }

    @Test
    void oddOverhangsCropFromTheFloorOfHalf() {
        // 5 wide, 2 high into 2x2: width round(5) = 5, overhang 3, crop starts at 1.
        InputGeometry g = InputGeometry.of(5, 2, 2, 2, ResizeMode.SHORTER_SIDE_CENTER_CROP);
        assertAxis(g.horizontal(), 5, 5, 1, 2, 0);
        // 3 high padded into 6: margin 3, 1 above and 2 below.
        InputGeometry p = InputGeometry.of(6, 3, 6, 6, ResizeMode.PAD);
        assertAxis(p.vertical(), 3, 3, 0, 3, 1);
        assertEquals(new GridWindow(0, 2, 0, 2), p.contentCells(2, 2));
    }

    @Test
    void refusesEmptyImages() {
        assertThrows(InvalidDataException.class, () -> InputGeometry.of(0, 5, 5, 5, ResizeMode.PAD));
        assertThrows(InvalidDataException.class, () -> InputGeometry.of(5, 5, 5, 0, ResizeMode.STRETCH));
        assertThrows(InvalidDataException.class, () -> new InputGeometry.Axis(4, 4, 1, 4, 0, 4));
        assertThrows(InvalidDataException.class, () -> new GridWindow(2, 2, 0, 1));
        assertThrows(InvalidDataException.class, () -> InputGeometry.of(5, 5, 5, 5, ResizeMode.PAD).contentCells(0, 3));
    }

    @Test
    void onlyPadModesPad() {
        assertFalse(ResizeMode.STRETCH.pads());
        assertFalse(ResizeMode.SHORTER_SIDE_CENTER_CROP.pads());
        assertTrue(ResizeMode.PAD.pads());
        assertTrue(ResizeMode.FIT_HEIGHT_PAD_RIGHT.pads());
    }

    private static void assertAxis(InputGeometry.Axis axis, int source, int scaled, int crop, int content, int pad) {
        assertEquals(source, axis.sourceLength(), "source of " + axis);
        assertEquals(scaled, axis.scaledLength(), "scaled of " + axis);
        assertEquals(crop, axis.cropOffset(), "crop of " + axis);
        assertEquals(content, axis.contentLength(), "content of " + axis);
        assertEquals(pad, axis.padOffset(), "pad of " + axis);
    }
}
