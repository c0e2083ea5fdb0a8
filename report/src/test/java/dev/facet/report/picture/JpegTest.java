package dev.facet.report.picture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegTest {

    @TempDir
    Path dir;

    /** A smooth colour gradient, the kind of content photos have. */
    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (255 * x / width) << 16 | (255 * y / height) << 8 | 128);
            }
        }
        return image;
    }

    @Test
    void encodesAJpegThatDecodesCloseToTheImageAndIsSmallerThanPng() throws IOException {
        BufferedImage image = gradient(160, 96);
        byte[] jpeg = Jpeg.encode(image, Jpeg.DEFAULT_QUALITY);
        assertEquals((byte) 0xFF, jpeg[0]);
        assertEquals((byte) 0xD8, jpeg[1], "JPEG start-of-image marker");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(160, decoded.getWidth());
        assertEquals(96, decoded.getHeight());
        int worst = 0;
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 160; x++) {
                int a = image.getRGB(x, y);
                int b = decoded.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
                }
            }
        }
        assertTrue(worst <= 12, "largest channel error " + worst);
        assertTrue(jpeg.length < Png.encode(image).length, jpeg.length + " bytes of JPEG vs PNG");
    }

    @Test
    void theSameImageAndQualityGiveTheSameBytesAndHigherQualityGivesMoreBytes() {
        BufferedImage image = gradient(64, 48);
        assertArrayEquals(Jpeg.encode(image, 0.85), Jpeg.encode(image, 0.85));
        assertTrue(Jpeg.encode(image, 0.3).length < Jpeg.encode(image, 0.95).length);
    }

    @Test
    void transparentImagesAreDrawnOnWhite() throws IOException {
        BufferedImage clear = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Jpeg.encode(clear, 0.9)));
        assertTrue((decoded.getRGB(8, 8) & 0xff) > 245, "white, not black");
    }

    @Test
    void writesAtomicallyIntoNewDirectoriesAndRefusesBadQualities() {
        Path file = dir.resolve("a/b/picture.jpg");
        PictureFormat.JPEG.write(gradient(8, 8), file, 0.5);
        assertTrue(Files.isRegularFile(file));
        assertThrows(ConfigException.class, () -> Jpeg.encode(gradient(2, 2), 0));
        assertThrows(ConfigException.class, () -> Jpeg.encode(gradient(2, 2), 1.5));
        assertThrows(ConfigException.class, () -> Jpeg.encode(gradient(2, 2), Double.NaN));
    }

    @Test
    void formatsAreParsedByNameAndUnknownOnesListTheChoices() {
        assertEquals(PictureFormat.JPEG, PictureFormat.parse("f", "JPG"));
        assertEquals(PictureFormat.JPEG, PictureFormat.parse("f", "jpeg"));
        assertEquals(PictureFormat.PNG, PictureFormat.parse("f", " png "));
        assertEquals("jpg", PictureFormat.JPEG.extension());
        ConfigException e = assertThrows(ConfigException.class, () -> PictureFormat.parse("report image_format", "gif"));
        assertTrue(e.getMessage().contains("report image_format") && e.getMessage().contains("[png, jpeg]"), e.getMessage());
    }
}
