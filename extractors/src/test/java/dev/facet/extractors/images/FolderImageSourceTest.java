package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderImageSourceTest {

    @TempDir
    Path dir;

    @Test
    void listsImageFilesRecursivelySortedByRelativePathWithSlashes() throws Exception {
        BufferedImage red = TestImages.solid(3, 2, 0xFF0000);
        TestImages.write(dir.resolve("b.png"), red);
        TestImages.write(dir.resolve("a.JPG"), red);
        TestImages.write(dir.resolve("cats/z.bmp"), red);
        TestImages.write(dir.resolve("cats/kittens/x.gif"), red);
        TestImages.write(dir.resolve("c.Jpeg"), red);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Files.writeString(dir.resolve("cats/readme.md"), "not an image");
        Files.writeString(dir.resolve("png"), "no extension");
        Files.createDirectories(dir.resolve("folder.png"));

        FolderImageSource source = FolderImageSource.open(dir);

        assertEquals(List.of("a.JPG", "b.png", "c.Jpeg", "cats/kittens/x.gif", "cats/z.bmp"), source.ids());
        assertEquals(5, source.size());
        assertFalse(source.hasLabels());
        assertTrue(source.item(0).label().isEmpty());
        assertEquals(dir.toString(), source.name());
    }

    @Test
    void itemsLoadTheirPixels() {
        TestImages.write(dir.resolve("sub/one.png"), TestImages.solid(3, 2, 0x123456));

        BufferedImage loaded = FolderImageSource.open(dir).item(0).load();

        assertEquals(3, loaded.getWidth());
        assertEquals(2, loaded.getHeight());
        assertEquals(0x123456, loaded.getRGB(2, 1) & 0xFFFFFF);
    }

    @Test
    void listingIsTheSameEveryTime() {
        for (int i = 9; i >= 0; i--) {
            TestImages.write(dir.resolve("d" + (i % 3) + "/img" + i + ".png"), TestImages.solid(1, 1, i));
        }
        assertEquals(FolderImageSource.open(dir).ids(), FolderImageSource.open(dir).ids());
        assertEquals("d0/img0.png", FolderImageSource.open(dir).item(0).id());
    }

    @Test
    void emptyFolderHasNoItems() {
        assertEquals(0, FolderImageSource.open(dir).size());
    }

    @Test
    void rejectsAPathThatIsNotADirectory() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> FolderImageSource.open(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }
}
