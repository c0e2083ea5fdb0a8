package dev.facet.report.picture;

import static dev.facet.report.picture.TestImages.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {

    private static final int RED = 0xff0000;
    private static final int WHITE = 0xffffff;

    private final ImageGrid grid = ImageGrid.builder().setColumns(3).optCellSize(50).optCaptionHeight(16)
            .optPadding(4).build();

    @Test
    void cellsAreLaidOutRowByRow() {
        List<BufferedImage> images = Collections.nCopies(5, TestImages.filled(20, 20, RED));
        BufferedImage out = grid.render(images, List.of("a", "b", "c", "d", "e"));
        assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
        assertEquals(3 * 54 + 4, out.getWidth());
        assertEquals(2 * (50 + 16 + 4) + 4, out.getHeight());
        assertEquals(RED, rgb(out, 4 + 25, 4 + 25), "first cell");
        assertEquals(RED, rgb(out, 4 + 54 + 25, 4 + 70 + 25), "fifth cell (row 2, column 2)");
        assertEquals(WHITE, rgb(out, 4 + 108 + 25, 4 + 70 + 25), "sixth cell is empty");
        assertTrue(countDark(out, 4, 4 + 50, 54, 16) > 0, "caption of the first cell is drawn");
    }

    @Test
    void fewerImagesThanColumnsShrinkTheGrid() {
        BufferedImage out = grid.render(List.of(TestImages.filled(5, 5, RED)), null);
        assertEquals(58, out.getWidth());
        assertEquals(50 + 16 + 8, out.getHeight());
    }

    @Test
    void imagesKeepTheirAspectRatioAndAreCentred() {
        BufferedImage wide = TestImages.filled(100, 20, RED);
        BufferedImage square = TestImages.filled(20, 20, RED);
        BufferedImage out = ImageGrid.builder().setColumns(3).optCellSize(50).optCaptionHeight(0)
                .optBackground(Color.BLACK).build().render(List.of(wide, square, square), List.of("x", "y", "z"));
        // most images are square, so the cells are 50x50; 100x20 fits as 50x10, centred vertically (rows 20..29)
        assertEquals(3 * 54 + 4, out.getWidth());
        assertEquals(RED, rgb(out, 4 + 25, 4 + 25));
        assertEquals(0, rgb(out, 4 + 25, 4 + 10));
        assertEquals(0, rgb(out, 4 + 25, 4 + 40));
    }

    @Test
    void cellsTakeTheShapeOfTheImagesWithTheSameArea() {
        ImageGrid shaped = ImageGrid.builder().setColumns(2).optCellSize(60).optCaptionHeight(0).build();
        BufferedImage landscape = TestImages.filled(451, 300, RED);
        assertArrayEquals(new int[] {74, 49}, shaped.cellBox(List.of(landscape, landscape)), "451:300, area 60x60");
        BufferedImage portrait = TestImages.filled(300, 451, RED);
        assertArrayEquals(new int[] {49, 74}, shaped.cellBox(List.of(portrait, portrait, landscape)), "median portrait");
        BufferedImage line = TestImages.filled(640, 32, RED);
        int[] box = shaped.cellBox(List.of(line));
        assertEquals(ImageGrid.MAX_CELL_ASPECT, (double) box[0] / box[1], 0.2, "a 20:1 text line gets the widest cell");
        BufferedImage out = shaped.render(List.of(line, line), null);
        assertEquals(2 * (box[0] + 4) + 4, out.getWidth());
        assertEquals(box[1] + 8, out.getHeight());
        assertEquals(RED, rgb(out, 4 + box[0] / 2, 4 + box[1] / 2), "the line fills the cell's width");
        assertEquals(RED, rgb(out, 4 + 1, 4 + box[1] / 2));
        assertEquals(RED, rgb(out, 4 + box[0] - 2, 4 + box[1] / 2));
    }

    @Test
    void longCaptionsAreCutWithAnEllipsis() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        FontMetrics metrics = g.getFontMetrics(Fonts.sans(Font.PLAIN, 12));
        String caption = "concept 1234 · a very long caption that cannot fit";
        String fitted = ImageGrid.fit(caption, metrics, 60);
        g.dispose();
        assertTrue(fitted.endsWith("…"), fitted);
        assertTrue(metrics.stringWidth(fitted) <= 60, fitted);
        assertTrue(caption.startsWith(fitted.substring(0, fitted.length() - 1)));
        assertEquals("short", ImageGrid.fit("short", metrics, 60));
        BufferedImage out = grid.render(List.of(TestImages.filled(3, 3, RED)), List.of(caption));
        assertEquals(58, out.getWidth());
    }

    @Test
    void emptyListGivesANoImagesPicture() {
        BufferedImage out = grid.render(List.of(), List.of());
        assertTrue(out.getWidth() > 0 && out.getHeight() > 0);
        assertTrue(countDark(out, 0, 0, out.getWidth(), out.getHeight()) > 0, "the 'no images' caption is drawn");
        BufferedImage noCaptions = ImageGrid.builder().setColumns(2).optCaptionHeight(0).build().render(List.of(), null);
        assertTrue(countDark(noCaptions, 0, 0, noCaptions.getWidth(), noCaptions.getHeight()) > 0,
                "the note is drawn even without a caption band");
    }

    @Test
    void badConfigurationAndInputAreRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ImageGrid.builder().build());
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
        assertThrows(ConfigException.class, () -> ImageGrid.builder().setColumns(2).optCellSize(0).build());
        assertThrows(ConfigException.class, () -> ImageGrid.builder().setColumns(2).optBackground(null).build());
        BufferedImage image = TestImages.filled(3, 3, RED);
        InvalidDataException mismatch = assertThrows(InvalidDataException.class,
                () -> grid.render(List.of(image, image), List.of("one")));
        assertTrue(mismatch.getMessage().contains("2") && mismatch.getMessage().contains("1"), mismatch.getMessage());
        assertThrows(InvalidDataException.class, () -> grid.render(null, null));
        assertThrows(InvalidDataException.class, () -> grid.render(Arrays.asList(image, null), null));
    }

    private static int countDark(BufferedImage image, int x0, int y0, int width, int height) {
        int dark = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                if ((rgb(image, x, y) & 0xff) < 0x80) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
