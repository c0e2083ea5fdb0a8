package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {

    @TempDir
    Path dir;

    @Test
    void choosesTheSourceByWhatThePathIs() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("photos"));
        Path list = Files.writeString(dir.resolve("val.TXT"), "a.png\n");
        Path lst = Files.writeString(dir.resolve("val.lst"), "a.png\n");
        byte[] idx = TestImages.idxImages(1, 2, 2);
        Path plainIdx = TestImages.writeBytes(dir.resolve("t10k-images.idx3-ubyte"), idx);
        Path dotIdx = TestImages.writeBytes(dir.resolve("data.idx"), idx);
        Path gzIdx = TestImages.writeBytes(dir.resolve("data.idx3-ubyte.gz"), TestImages.gzip(idx));

        assertInstanceOf(FolderImageSource.class, ImageSources.open(folder));
        assertInstanceOf(ListFileImageSource.class, ImageSources.open(list));
        assertInstanceOf(ListFileImageSource.class, ImageSources.open(lst));
        assertInstanceOf(IdxImageSource.class, ImageSources.open(plainIdx));
        assertInstanceOf(IdxImageSource.class, ImageSources.open(dotIdx));
        assertInstanceOf(IdxImageSource.class, ImageSources.open(gzIdx));
    }

    @Test
    void rejectsUnknownKindsAndMissingPaths() throws Exception {
        Path csv = Files.writeString(dir.resolve("images.csv"), "a,b\n");

        ConfigException unknown = assertThrows(ConfigException.class, () -> ImageSources.open(csv));
        assertTrue(unknown.getMessage().contains("images.csv"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("list file (.txt or .lst)"), unknown.getMessage());

        ConfigException missing = assertThrows(ConfigException.class, () -> ImageSources.open(dir.resolve("gone")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
