package dev.facet.report.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryPixel() {
        BufferedImage image = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(4);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Path file = dir.resolve("nested/deeper/picture.png");
        Png.write(image, file);
        assertFalse(Files.exists(file.resolveSibling("picture.png.tmp")), "no temporary file is left");
        BufferedImage back = Png.read(file);
        assertEquals(37, back.getWidth());
        assertEquals(23, back.getHeight());
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        Png.write(Pictures.toRgb(TestImages.filled(1, 1, 0x123456)), file);
        assertEquals(0xff123456, Png.read(file).getRGB(0, 0), "writing again replaces the file");
    }

    @Test
    void aTextFileIsReportedAsCorrupt() throws IOException {
        Path file = dir.resolve("not-an-image.png");
        Files.writeString(file, "hello, I am text", StandardCharsets.UTF_8);
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> Png.read(file));
        assertTrue(e.getMessage().contains("not-an-image.png"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a PNG"), e.getMessage());
        assertEquals(file, e.artifact());
    }

    @Test
    void aTruncatedPngIsReportedAsCorrupt() throws IOException {
        Path file = dir.resolve("truncated.png");
        byte[] bytes = Png.encode(TestImages.gradient(40, 40, BufferedImage.TYPE_INT_RGB));
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        FacetException e = assertThrows(CorruptArtifactException.class, () -> Png.read(file));
        assertTrue(e.getMessage().contains("truncated.png"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("missing.png");
        FacetException e = assertThrows(FacetException.class, () -> Png.read(file));
        assertTrue(e.getMessage().contains("missing.png") && e.getMessage().contains("no such file"), e.getMessage());
    }
}
