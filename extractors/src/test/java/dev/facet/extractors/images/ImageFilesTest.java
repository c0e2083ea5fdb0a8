package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    @Test
    void decodesEverySupportedFormat() {
        BufferedImage image = TestImages.solid(5, 3, 0x336699);
        for (String name : new String[] {"a.png", "a.bmp", "a.gif", "a.jpg"}) {
            BufferedImage decoded = ImageFiles.read(TestImages.write(dir.resolve(name), image));
            assertEquals(5, decoded.getWidth(), name);
            assertEquals(3, decoded.getHeight(), name);
        }
    }

    @Test
    void recognisesTheFormatByContentNotExtension() {
        Path pngNamedJpg = TestImages.writeBytes(dir.resolve("really-png.jpg"),
                TestImages.encode(TestImages.solid(2, 2, 0xABCDEF), "png"));

        assertEquals(0xABCDEF, ImageFiles.read(pngNamedJpg).getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void refusesAnEmptyFile() {
        Path empty = TestImages.writeBytes(dir.resolve("empty.png"), new byte[0]);

        assertReason("empty file (0 bytes)", empty);
    }

    @Test
    void refusesTextWithAnImageExtension() {
        Path text = TestImages.writeBytes(dir.resolve("notes.jpg"), "just some text".getBytes(StandardCharsets.UTF_8));

        assertReason("not a decodable image", text);
    }

    @Test
    void refusesRandomBytes() {
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);

        assertReason("not a decodable image", TestImages.writeBytes(dir.resolve("junk.png"), junk));
    }

    @Test
    void refusesAPngCutInHalf() {
        Path cut = TestImages.writeBytes(dir.resolve("half.png"), TestImages.truncatedPng());

        assertReason("truncated PNG", cut);
    }

    @Test
    void refusesAPngMissingOnlyItsEndChunk() {
        byte[] full = TestImages.encode(TestImages.noise(20, 20, 1), "png");
        Path noEnd = TestImages.writeBytes(dir.resolve("no-iend.png"), Arrays.copyOf(full, full.length - 12));

        String reason = assertReason("truncated PNG", noEnd);
        assertTrue(reason.contains("without an IEND chunk"), reason);
    }

    @Test
    void refusesAPngWithCorruptImageData() {
        byte[] png = TestImages.encode(TestImages.noise(40, 40, 2), "png");
        // Overwrite the middle of the compressed data (chunk lengths and IEND stay intact).
        Arrays.fill(png, png.length / 2 - 200, png.length / 2 + 200, (byte) 0x5A);

        assertReason("PNG", TestImages.writeBytes(dir.resolve("garbled.png"), png));
    }

    @Test
    void refusesATruncatedJpeg() {
        byte[] jpeg = TestImages.encode(TestImages.noise(64, 64, 4), "jpg");
        Path cut = TestImages.writeBytes(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));

        assertReason("truncated JPEG", cut);
    }

    @Test
    void refusesATruncatedBmp() {
        byte[] bmp = TestImages.encode(TestImages.noise(16, 16, 5), "bmp");
        Path cut = TestImages.writeBytes(dir.resolve("cut.bmp"), Arrays.copyOf(bmp, bmp.length / 2));

        assertReason("BMP", cut);
    }

    @Test
    void refusesAMissingFile() {
        assertReason("file does not exist", dir.resolve("nothing.png"));
    }

    /** Asserts that reading {@code file} fails with a reason containing {@code expected}; returns the reason. */
    private static String assertReason(String expected, Path file) {
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().contains(expected), "reason '" + e.getMessage() + "' should contain '" + expected + "'");
        return e.getMessage();
    }
}
