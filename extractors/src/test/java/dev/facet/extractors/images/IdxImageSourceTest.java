package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImageSourceTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsPixelsAndLabels() {
        Path images = TestImages.writeBytes(dir.resolve("digits.idx3-ubyte"), TestImages.idxImages(4, 3, 5));
        Path labels = TestImages.writeBytes(dir.resolve("digits-labels.idx1-ubyte"), TestImages.idxLabels(7, 0, 255, 3));

        IdxImageSource source = IdxImageSource.open(images, labels);

        assertEquals(4, source.size());
        assertEquals(3, source.imageHeight());
        assertEquals(5, source.imageWidth());
        assertTrue(source.hasLabels());
        assertEquals("digits.idx3-ubyte#2", source.item(2).id());
        assertEquals(255, source.item(2).label().orElseThrow());
        assertEquals(7, source.item(0).label().orElseThrow());
        for (int i = 0; i < 4; i++) {
            BufferedImage image = source.item(i).load();
            assertEquals(5, image.getWidth());
            assertEquals(3, image.getHeight());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(TestImages.idxPixel(i, y, x, 5), image.getRaster().getSample(x, y, 0),
                            "image " + i + " pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void readsWithoutLabels() {
        Path images = TestImages.writeBytes(dir.resolve("x.idx"), TestImages.idxImages(2, 2, 2));

        IdxImageSource source = IdxImageSource.open(images);

        assertFalse(source.hasLabels());
        assertTrue(source.item(1).label().isEmpty());
    }

    @Test
    void readsGzipCompressedFiles() {
        Path images = TestImages.writeBytes(dir.resolve("t.idx3-ubyte.gz"), TestImages.gzip(TestImages.idxImages(3, 4, 4)));
        Path labels = TestImages.writeBytes(dir.resolve("l.idx1-ubyte.gz"), TestImages.gzip(TestImages.idxLabels(1, 2, 3)));

        IdxImageSource source = IdxImageSource.open(images, labels);

        assertEquals(3, source.size());
        assertEquals(3, source.item(2).label().orElseThrow());
        assertEquals(TestImages.idxPixel(2, 3, 1, 4), source.item(2).load().getRaster().getSample(1, 3, 0));
    }

    @Test
    void labelCountMustMatchImageCount() {
        Path images = TestImages.writeBytes(dir.resolve("i.idx3-ubyte"), TestImages.idxImages(3, 2, 2));
        Path labels = TestImages.writeBytes(dir.resolve("l.idx1-ubyte"), TestImages.idxLabels(1, 2));

        InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxImageSource.open(images, labels));

        assertTrue(e.getMessage().contains("holds 2 labels"), e.getMessage());
        assertTrue(e.getMessage().contains("holds 3 images"), e.getMessage());
        assertTrue(e.getMessage().contains("l.idx1-ubyte"), e.getMessage());
    }

    @Test
    void truncatedPixelDataNamesExpectedAndFoundByteCounts() {
        byte[] full = TestImages.idxImages(2000, 28, 28);
        Path images = TestImages.writeBytes(dir.resolve("cut.idx3-ubyte"), Arrays.copyOf(full, 16 + 1000));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> IdxImageSource.open(images));

        assertEquals(images, e.artifact());
        assertTrue(e.getMessage().contains("expected 1568000 pixel bytes after the header"), e.getMessage());
        assertTrue(e.getMessage().contains("found 1000"), e.getMessage());
    }

    @Test
    void trailingBytesAreCorruption() {
        byte[] full = TestImages.idxImages(2, 2, 2);
        Path images = TestImages.writeBytes(dir.resolve("long.idx"), Arrays.copyOf(full, full.length + 3));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> IdxImageSource.open(images));

        assertTrue(e.getMessage().contains("expected 8 pixel bytes after the header"), e.getMessage());
        assertTrue(e.getMessage().contains("found 11"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsCorruption() {
        Path images = TestImages.writeBytes(dir.resolve("short.idx"), new byte[] {0, 0, 8, 3, 0, 0});

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> IdxImageSource.open(images));

        assertTrue(e.getMessage().contains("expected a 16-byte IDX header, found only 6 bytes"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsCorruption() {
        Path labelsAsImages = TestImages.writeBytes(dir.resolve("labels.idx"), TestImages.idxLabels(1, 2, 3, 4, 5, 6, 7, 8, 9));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> IdxImageSource.open(labelsAsImages));

        assertTrue(e.getMessage().contains("expected IDX magic number 0x00000803"), e.getMessage());
        assertTrue(e.getMessage().contains("found 0x00000801"), e.getMessage());
    }

    @Test
    void truncatedGzipIsCorruption() {
        byte[] gz = TestImages.gzip(TestImages.idxImages(50, 10, 10));
        Path images = TestImages.writeBytes(dir.resolve("cut.idx.gz"), Arrays.copyOf(gz, gz.length / 2));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> IdxImageSource.open(images));

        assertEquals(images, e.artifact());
    }

    @Test
    void missingFileIsAConfigError() {
        assertThrows(ConfigException.class, () -> IdxImageSource.open(dir.resolve("absent.idx")));
    }

    @Test
    void findsLabelsByMnistNaming() {
        Path images = TestImages.writeBytes(dir.resolve("train-images-idx3-ubyte.gz"),
                TestImages.gzip(TestImages.idxImages(2, 2, 2)));
        Path labels = TestImages.writeBytes(dir.resolve("train-labels-idx1-ubyte.gz"),
                TestImages.gzip(TestImages.idxLabels(4, 9)));

        assertEquals(labels, IdxImageSource.conventionalLabelsFile(images).orElseThrow());
        ImageSource source = ImageSources.open(images);
        assertTrue(source.hasLabels());
        assertEquals(9, source.item(1).label().orElseThrow());
    }
}
