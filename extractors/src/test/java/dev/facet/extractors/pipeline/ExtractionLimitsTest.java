package dev.facet.extractors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.DecodeBudget;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.PngBombs;
import dev.facet.extractors.images.SkippedImage;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.StoreDigests;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.run.RunContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image limits, decode budgets and empty results, seen from the activation store. */
class ExtractionLimitsTest {
    private static final long MB = 1_000_000;

    @TempDir
    Path dir;

    private ExtractionResult extract(Path images, ImageLimits limits, int threads, Path out) {
        ExtractionRequest request = new ExtractionRequest("tokens", TokenSelection.PATCH, out, StoreDtype.FLOAT32, 4, 12,
                threads, 0);
        return Extraction.run(new GridBackbone(), ImageSources.open(images, limits), request,
                RunContext.builder().setOutputDirectory(out).build());
    }

    /** Sixteen noisy 900x700 photos with eight 20000x20000 bombs among them. */
    private Path photosAndBombs() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        byte[] bomb = PngBombs.png(20_000, 20_000);
        Random random = new Random(5);
        for (int i = 0; i < 16; i++) {
            BufferedImage photo = new BufferedImage(900, 700, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 700; y++) {
                for (int x = 0; x < 900; x++) {
                    photo.setRGB(x, y, random.nextInt(0x1000000));
                }
            }
            ImageIO.write(photo, "png", images.resolve(String.format("photo-%02d.png", i)).toFile());
            if (i % 2 == 1) {
                Files.write(images.resolve(String.format("photo-%02d-bomb.png", i)), bomb);
            }
        }
        return images;
    }

    @Test
    void bombsAmongPhotosGiveTheSameStoreWhateverTheThreadsOrTheBudget() throws IOException {
        Path images = photosAndBombs();
        // One photo's decode is estimated at 11.3 MB: under this budget the eight threads take turns.
        ImageLimits tight = ImageLimits.defaults().withBudget(new DecodeBudget(24 * MB));

        ExtractionResult first = extract(images, ImageLimits.defaults(), 8, dir.resolve("a"));
        extract(images, ImageLimits.defaults(), 8, dir.resolve("b"));
        extract(images, tight, 8, dir.resolve("c"));
        extract(images, ImageLimits.defaults(), 1, dir.resolve("d"));

        assertEquals(16, first.imagesStored());
        assertEquals(8, first.skipped().size());
        for (SkippedImage skip : first.skipped()) {
            assertTrue(skip.id().endsWith("-bomb.png"), skip.id());
            assertEquals("image is 20000x20000 = 400.0 MP, over the limit of 89.5 MP (setting max_pixels / "
                    + "--max-pixels)", skip.reason());
        }
        Map<String, String> expected = StoreDigests.of(dir.resolve("a"));
        assertTrue(expected.containsKey("manifest.json") && expected.containsKey(SkippedImagesFile.FILE), expected.toString());
        assertTrue(expected.keySet().stream().anyMatch(name -> name.endsWith(".npy")), expected.toString());
        assertEquals(expected, StoreDigests.of(dir.resolve("b")), "two runs with 8 threads");
        assertEquals(expected, StoreDigests.of(dir.resolve("c")), "8 threads under a 24 MB decode budget");
        assertEquals(expected, StoreDigests.of(dir.resolve("d")), "1 thread");
    }

    @Test
    void aListOfMissingFilesStoresNothingAndFails() throws IOException {
        Path list = Files.writeString(dir.resolve("list.txt"), "gone-1.png\ngone-2.png\n");

        InvalidDataException error = assertThrows(InvalidDataException.class,
                () -> extract(list, ImageLimits.defaults(), 2, dir.resolve("out")));

        assertTrue(error.getMessage().startsWith("Extraction stored no images: 2 of 2 images of " + list
                + " skipped (first reasons: gone-1.png: file does not exist"), error.getMessage());
        assertIncomplete(dir.resolve("out"));
    }

    @Test
    void anEmptyListOrFolderStoresNothingAndFails() throws IOException {
        Path list = Files.writeString(dir.resolve("empty.txt"), "# nothing here\n");
        Path folder = Files.createDirectories(dir.resolve("empty"));

        for (Path images : List.of(list, folder)) {
            InvalidDataException error = assertThrows(InvalidDataException.class,
                    () -> extract(images, ImageLimits.defaults(), 2, dir.resolve("out-" + images.getFileName())));
            assertEquals("Extraction stored no images: " + images + " holds no images", error.getMessage());
            assertIncomplete(dir.resolve("out-" + images.getFileName()));
        }
    }

    @Test
    void aFolderOfOnlyBadImagesStoresNothingAndFails() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("bad"));
        Files.write(folder.resolve("a.png"), new byte[0]);
        Files.writeString(folder.resolve("b.jpg"), "not a jpeg");
        Files.write(folder.resolve("c.png"), PngBombs.png(20_000, 20_000));

        InvalidDataException error = assertThrows(InvalidDataException.class,
                () -> extract(folder, ImageLimits.defaults(), 2, dir.resolve("out")));

        String message = error.getMessage();
        assertTrue(message.startsWith("Extraction stored no images: 3 of 3 images of " + folder + " skipped"), message);
        assertTrue(message.contains("a.png: empty file (0 bytes); b.jpg: not a decodable image"), message);
        assertTrue(message.contains("c.png: image is 20000x20000 = 400.0 MP, over the limit"), message);
        assertIncomplete(dir.resolve("out"));
        assertTrue(Files.readString(dir.resolve("out").resolve(SkippedImagesFile.FILE)).contains("c.png"));
    }

    private static void assertIncomplete(Path store) {
        if (Files.isRegularFile(store.resolve("manifest.json"))) {
            assertFalse(ActivationStore.openIncomplete(store).isComplete(), store + " must not be marked complete");
        }
    }
}
