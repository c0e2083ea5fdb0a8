package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.FacetException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ImageLimitsTest {
    private static final Logger LOG = LoggerFactory.getLogger(ImageLimitsTest.class);
    private static final int BOMB_SIDE = 20_000;
    private static final long MB = 1_000_000;
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(new InputSpec(3, 8, 8, ChannelOrder.RGB,
            ResizeMode.STRETCH, new float[] {0, 0, 0}, new float[] {1, 1, 1}));
    private static byte[] bomb;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeBomb() {
        bomb = PngBombs.png(BOMB_SIDE, BOMB_SIDE);
    }

    @Test
    void theBombIsAValidPngThatDecodesToGigabytes() throws Exception {
        assertTrue(bomb.length < 2 * MB, bomb.length + " bytes");
        // The same writer at a decodable size (1.2 MB of rows: a repeated block and a final one) reads as black RGB.
        Path small = PngBombs.write(dir.resolve("small.png"), 1000, 400);
        BufferedImage decoded = ImageIO.read(small.toFile());
        assertEquals(1000, decoded.getWidth());
        assertEquals(400, decoded.getHeight());
        assertEquals(0, decoded.getRGB(999, 399) & 0xFFFFFF);
        assertEquals(3, decoded.getRaster().getNumBands());
        assertEquals(400, ImageFiles.read(small).getHeight());
    }

    @Test
    void aBombIsRefusedFromItsHeaderInUnderASecondWithoutGrowingTheHeap() {
        Path file = TestImages.writeBytes(dir.resolve("bomb.png"), bomb);
        long before = usedHeapAfterGc();
        long started = System.nanoTime();
        UnreadableImageException refused = assertThrows(UnreadableImageException.class, () -> ImageFiles.read(file));
        long nanos = System.nanoTime() - started;
        long grown = usedHeapAfterGc() - before;
        LOG.info("Bomb of {} bytes refused in {} ms; heap grew by {} bytes", bomb.length, nanos / 1_000_000, grown);

        assertEquals("image is 20000x20000 = 400.0 MP, over the limit of 89.5 MP (setting max_pixels / --max-pixels)",
                refused.getMessage());
        assertTrue(nanos < 1_000_000_000L, "took " + nanos / 1_000_000 + " ms");
        assertTrue(grown < 100 * MB, "heap grew by " + grown + " bytes");
    }

    @Test
    void anImageWhoseDecodeExceedsTheWholeBudgetIsSkippedWithThatReason() {
        Path file = TestImages.writeBytes(dir.resolve("bomb.png"), bomb);
        ImageLimits limits = new ImageLimits(Long.MAX_VALUE, new DecodeBudget(512 * MB));

        UnreadableImageException refused = assertThrows(UnreadableImageException.class,
                () -> ImageFiles.read(file, limits, Function.identity()));

        String reason = refused.getMessage();
        assertTrue(reason.startsWith("image is 20000x20000 = 400.0 MP; decoding it needs about 1"), reason);
        assertTrue(reason.contains("more than the whole decode budget of 512.0 MB"), reason);
        assertFalse(reason.contains("corrupt"), reason);
        assertEquals(512 * MB, limits.budget().availableBytes());
    }

    @Test
    void thePixelLimitIsASetting() {
        Path file = TestImages.write(dir.resolve("wide.png"), TestImages.noise(40, 30, 1));
        ImageLimits limits = ImageLimits.defaults().withMaxPixels(1199);

        UnreadableImageException refused = assertThrows(UnreadableImageException.class,
                () -> ImageFiles.read(file, limits, Function.identity()));
        assertTrue(refused.getMessage().startsWith("image is 40x30 = 1200 pixels, over the limit of 1199 pixels"),
                refused.getMessage());
        assertEquals(40, ImageFiles.read(file, limits.withMaxPixels(1200), Function.identity()).getWidth());
    }

    @Test
    void runningOutOfHeapAnywayStopsTheRunInsteadOfSkippingTheImage() {
        Path file = TestImages.write(dir.resolve("photo.png"), TestImages.noise(40, 30, 2));
        DecodeBudget budget = new DecodeBudget(16 * MB);

        FacetException stopped = assertThrows(FacetException.class, () -> ImageFiles.read(file,
                ImageLimits.defaults().withBudget(budget), image -> {
                    throw new OutOfMemoryError("Java heap space");
                }));

        assertFalse(stopped instanceof UnreadableImageException, "must not become a skip: " + stopped);
        assertTrue(stopped.getMessage().startsWith("The Java heap ran out while decoding a PNG of 40x30 = 1200 pixels"),
                stopped.getMessage());
        assertEquals(budget.totalBytes(), budget.availableBytes());
    }

    @Test
    void decodesWaitForTheBudgetInsteadOfFailingAndGiveTheSameBatchesAsOneThread() {
        for (int i = 0; i < 12; i++) {
            TestImages.write(dir.resolve(String.format("big-%02d.png", i)), TestImages.noise(900, 700, i));
        }
        // One 900x700 decode is estimated at 11.3 MB (PNG, raster and resampler rows): one at a time fits.
        DecodeBudget budget = new DecodeBudget(16 * MB);
        ImageLimits limits = ImageLimits.defaults().withBudget(budget);

        List<ImageBatch> oneThread = load(FolderImageSource.open(dir, ImageLimits.defaults()), 1);
        List<ImageBatch> eightThreads = load(FolderImageSource.open(dir, limits), 8);

        assertEquals(12, eightThreads.stream().mapToInt(ImageBatch::size).sum());
        assertEquals(oneThread.size(), eightThreads.size());
        for (int b = 0; b < oneThread.size(); b++) {
            assertEquals(oneThread.get(b).ids(), eightThreads.get(b).ids());
            assertArrayEquals(oneThread.get(b).pixels().data(), eightThreads.get(b).pixels().data());
        }
        assertEquals(budget.totalBytes(), budget.availableBytes(), "every decode gave its budget back");
    }

    private static List<ImageBatch> load(ImageSource source, int threads) {
        List<ImageBatch> batches = new ArrayList<>();
        try (ImageBatchLoader loader = ImageBatchLoader.open(source, PREPROCESSOR, new LoaderOptions(5, threads, 2, 0))) {
            loader.forEachRemaining(batches::add);
            assertEquals(List.of(), loader.skipped());
        }
        return batches;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
