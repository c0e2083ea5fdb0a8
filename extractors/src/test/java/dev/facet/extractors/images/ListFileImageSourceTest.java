package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListFileImageSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsEntriesInListedOrderIgnoringBlanksAndComments() throws Exception {
        TestImages.write(dir.resolve("imgs/b.png"), TestImages.solid(2, 2, 0x00FF00));
        TestImages.write(dir.resolve("imgs/a.png"), TestImages.solid(2, 2, 0x0000FF));
        Path elsewhere = TestImages.write(dir.resolve("other/abs.png"), TestImages.solid(2, 2, 0xFF0000));
        Path list = dir.resolve("lists/images.txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, String.join("\n",
                "# training images",
                "../imgs/b.png",
                "",
                "   ../imgs/a.png   ",
                "  # indented comment",
                elsewhere.toString(),
                ""), StandardCharsets.UTF_8);

        ListFileImageSource source = ListFileImageSource.open(list);

        assertEquals(List.of("../imgs/b.png", "../imgs/a.png", elsewhere.toString()), source.ids());
        assertEquals(0x00FF00, source.item(0).load().getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x0000FF, source.item(1).load().getRGB(1, 1) & 0xFFFFFF);
        assertEquals(0xFF0000, source.item(2).load().getRGB(0, 1) & 0xFFFFFF);
    }

    @Test
    void missingListedFileIsAnItemThatFailsToLoadWithAReason() throws Exception {
        TestImages.write(dir.resolve("here.png"), TestImages.solid(1, 1, 0));
        Path list = dir.resolve("images.lst");
        Files.writeString(list, "here.png\ngone.png\n");

        ListFileImageSource source = ListFileImageSource.open(list);

        assertEquals(2, source.size());
        source.item(0).load();
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> source.item(1).load());
        assertTrue(e.getMessage().startsWith("file does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("gone.png"), e.getMessage());
    }

    @Test
    void aLineThatIsNotAPathStaysAnItemThatIsSkipped() throws Exception {
        Path list = dir.resolve("bad.txt");
        Files.writeString(list, "bad\u0000name.png\n");

        ListFileImageSource source = ListFileImageSource.open(list);

        assertEquals(1, source.size());
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> source.item(0).load());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertTrue(e.getMessage().contains("not a valid path"), e.getMessage());
    }

    @Test
    void ignoresAByteOrderMark() throws Exception {
        TestImages.write(dir.resolve("a.png"), TestImages.solid(1, 1, 0));
        Path list = dir.resolve("bom.txt");
        Files.writeString(list, "\uFEFFa.png\n", StandardCharsets.UTF_8);

        assertEquals(List.of("a.png"), ListFileImageSource.open(list).ids());
    }

    @Test
    void missingListFileIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ListFileImageSource.open(dir.resolve("none.txt")));
        assertTrue(e.getMessage().contains("none.txt"), e.getMessage());
    }
}
