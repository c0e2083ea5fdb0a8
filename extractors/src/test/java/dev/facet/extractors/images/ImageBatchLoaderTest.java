package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CancelledException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.run.CancellationToken;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBatchLoaderTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);
    /** 1x4x4 gray input with mean 0 and std 1, so a pixel p becomes p / 255. */
    private static final InputSpec SPEC = new InputSpec(1, 4, 4, ChannelOrder.GRAY, ResizeMode.STRETCH,
            new float[] {0}, new float[] {1});
    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(SPEC);

    @TempDir
    Path dir;

    @AfterEach
    void noWorkerThreadsOutliveTheirLoader() throws InterruptedException {
        // A pool reports termination just before its last thread has fully exited; allow a moment for that.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> alive = aliveLoaderThreads();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            alive = aliveLoaderThreads();
        }
        assertEquals(List.of(), alive, "loader threads still running after close");
    }

    private static List<String> aliveLoaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(LoaderThreads.NAME_PREFIX))
                .collect(Collectors.toList());
    }

    /** Writes {@code count} 4x4 gray-level PNGs named img-000.png...; image i has level 10 + i. */
    private List<String> writeImages(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format("img-%03d.png", i);
            TestImages.write(dir.resolve(id), filled(10 + i));
            ids.add(id);
        }
        return ids;
    }

    private static BufferedImage filled(int gray) {
        byte[] pixels = new byte[16];
        Arrays.fill(pixels, (byte) gray);
        return GrayscaleImages.fromUnsignedBytes(pixels, 0, 4, 4);
    }

    private static LoaderOptions options(int batchSize) {
        return new LoaderOptions(batchSize, 2, 2, 0);
    }

    private static List<ImageBatch> drain(ImageBatchLoader loader) {
        List<ImageBatch> batches = new ArrayList<>();
        loader.forEachRemaining(batches::add);
        return batches;
    }

    private static List<String> ids(List<ImageBatch> batches) {
        return batches.stream().flatMap(b -> b.ids().stream()).collect(Collectors.toList());
    }

    @Test
    void deliversAllImagesInSourceOrderAcrossBatches() {
        List<String> expected = writeImages(23);
        FolderImageSource source = FolderImageSource.open(dir);

        List<ImageBatch> batches;
        try (ImageBatchLoader loader = ImageBatchLoader.open(source, PREPROCESSOR, options(5))) {
            batches = assertTimeoutPreemptively(GENEROUS, () -> drain(loader));
            assertFalse(loader.hasNext());
            assertThrows(NoSuchElementException.class, loader::next);
            assertEquals(List.of(), loader.skipped());
        }

        assertEquals(List.of(5, 5, 5, 5, 3), batches.stream().map(ImageBatch::size).collect(Collectors.toList()));
        assertEquals(expected, ids(batches));
        int position = 0;
        for (ImageBatch batch : batches) {
            assertArrayEquals(new long[] {batch.size(), 1, 4, 4}, batch.pixels().shape());
            assertFalse(batch.hasLabels());
            for (int i = 0; i < batch.size(); i++, position++) {
                assertEquals(position, batch.sourceIndices()[i]);
                for (int p = 0; p < 16; p++) {
                    assertEquals((10 + position) / 255f, batch.pixels().data()[i * 16 + p], 1e-6f);
                }
            }
        }
    }

    @Test
    void skipsBadFilesWithReasonsAndKeepsGoing() throws Exception {
        writeImages(6);
        TestImages.writeBytes(dir.resolve("img-001a-empty.png"), new byte[0]);
        TestImages.writeBytes(dir.resolve("img-002a-text.jpg"), "hello, not a jpeg".getBytes(StandardCharsets.UTF_8));
        TestImages.writeBytes(dir.resolve("img-003a-half.png"), TestImages.truncatedPng());
        byte[] junk = new byte[777];
        new Random(1).nextBytes(junk);
        TestImages.writeBytes(dir.resolve("img-004a-junk.gif"), junk);
        FolderImageSource source = FolderImageSource.open(dir);
        assertEquals(10, source.size());

        List<ImageBatch> batches;
        List<SkippedImage> skipped;
        try (ImageBatchLoader loader = ImageBatchLoader.open(source, PREPROCESSOR, options(4))) {
            batches = assertTimeoutPreemptively(GENEROUS, () -> drain(loader));
            skipped = loader.skipped();
        }

        assertEquals(List.of("img-000.png", "img-001.png", "img-002.png", "img-003.png", "img-004.png", "img-005.png"),
                ids(batches));
        assertEquals(List.of(4, 2), batches.stream().map(ImageBatch::size).collect(Collectors.toList()));
        assertArrayEquals(new int[] {0, 1, 3, 5}, batches.get(0).sourceIndices());
        assertEquals(List.of("img-001a-empty.png", "img-002a-text.jpg", "img-003a-half.png", "img-004a-junk.gif"),
                skipped.stream().map(SkippedImage::id).collect(Collectors.toList()));
        assertTrue(skipped.get(0).reason().contains("empty file"), skipped.get(0).reason());
        assertTrue(skipped.get(1).reason().contains("not a decodable image"), skipped.get(1).reason());
        assertTrue(skipped.get(2).reason().contains("truncated PNG"), skipped.get(2).reason());
        assertFalse(skipped.get(3).reason().isBlank());
    }

    @Test
    void skipsMissingListEntries() throws Exception {
        writeImages(3);
        Path list = Files.writeString(dir.resolve("list.txt"), "img-000.png\nmissing.png\n# note\nimg-002.png\n");

        try (ImageBatchLoader loader = ImageBatchLoader.open(ListFileImageSource.open(list), PREPROCESSOR, options(8))) {
            List<ImageBatch> batches = assertTimeoutPreemptively(GENEROUS, () -> drain(loader));
            assertEquals(List.of("img-000.png", "img-002.png"), ids(batches));
            assertEquals(1, loader.skipped().size());
            assertEquals("missing.png", loader.skipped().get(0).id());
            assertTrue(loader.skipped().get(0).reason().startsWith("file does not exist"));
        }
    }

    @Test
    void carriesLabelsFromIdxSources() {
        Path images = TestImages.writeBytes(dir.resolve("d.idx3-ubyte"), TestImages.idxImages(7, 4, 4));
        Path labels = TestImages.writeBytes(dir.resolve("d.idx1-ubyte"), TestImages.idxLabels(9, 8, 7, 6, 5, 4, 3));

        try (ImageBatchLoader loader = ImageBatchLoader.open(IdxImageSource.open(images, labels), PREPROCESSOR,
                options(3))) {
            List<ImageBatch> batches = assertTimeoutPreemptively(GENEROUS, () -> drain(loader));
            assertTrue(batches.get(0).hasLabels());
            assertArrayEquals(new int[] {6, 5, 4}, batches.get(1).labels());
            assertEquals("d.idx3-ubyte#6", batches.get(2).ids().get(0));
            assertEquals(TestImages.idxPixel(4, 2, 3, 4) / 255f, batches.get(1).pixels().get(1, 0, 2, 3), 1e-6f);
        }
    }

    @Test
    void startsFromAnIndexWithoutDecodingEarlierItems() {
        AtomicInteger loads = new AtomicInteger();
        CountingSource source = new CountingSource(10, loads, i -> filled(i));

        try (ImageBatchLoader loader = ImageBatchLoader.open(source, PREPROCESSOR, options(4).withStartIndex(7))) {
            List<ImageBatch> batches = assertTimeoutPreemptively(GENEROUS, () -> drain(loader));
            assertEquals(List.of("item-7", "item-8", "item-9"), ids(batches));
            assertArrayEquals(new int[] {7, 8, 9}, batches.get(0).sourceIndices());
            assertEquals(10, batches.get(0).nextStartIndex());
        }
        assertEquals(3, loads.get(), "only items from the start index are decoded");

        try (ImageBatchLoader atEnd = ImageBatchLoader.open(source, PREPROCESSOR, options(4).withStartIndex(10))) {
            assertFalse(atEnd.hasNext());
        }
        assertThrows(ConfigException.class,
                () -> ImageBatchLoader.open(source, PREPROCESSOR, options(4).withStartIndex(11)));
    }

    @Test
    void readAheadIsBounded() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountingSource source = new CountingSource(1000, loads, i -> filled(i % 256));

        try (ImageBatchLoader loader = ImageBatchLoader.open(source, PREPROCESSOR, new LoaderOptions(4, 2, 3, 0))) {
            assertTimeoutPreemptively(GENEROUS, () -> {
                loader.next();
                // Give the workers time to run ahead as far as they are allowed to.
                Thread.sleep(300);
            });
            assertTrue(loads.get() <= 4 + 3 * 4, "decoded " + loads.get() + " items, more than the read-ahead allows");
        }
    }

    @Test
    void closingEarlyDoesNotHang() {
        writeImages(40);
        FolderImageSource source = FolderImageSource.open(dir);

        assertTimeoutPreemptively(GENEROUS, () -> {
            ImageBatchLoader loader = ImageBatchLoader.open(source, PREPROCESSOR, new LoaderOptions(2, 2, 4, 0));
            ImageBatch first = loader.next();
            assertEquals(List.of("img-000.png", "img-001.png"), first.ids());
            loader.close();
            loader.close();
            assertFalse(loader.hasNext());
        });
        assertTimeoutPreemptively(GENEROUS, () -> {
            try (ImageBatchLoader unused = ImageBatchLoader.open(source, PREPROCESSOR, options(3))) {
                assertEquals(40, unused.source().size());
            }
        });
    }

    @Test
    void closingFromAnotherThreadReleasesAWaitingConsumer() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CountingSource blocking = new CountingSource(5, new AtomicInteger(), i -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return filled(0);
        });
        ImageBatchLoader loader = ImageBatchLoader.open(blocking, PREPROCESSOR, options(2));
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> consumerThread = new AtomicReference<>();
            Future<Boolean> waiting = consumer.submit(() -> {
                consumerThread.set(Thread.currentThread());
                return loader.hasNext();
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            awaitBlocked(consumerThread);
            assertTimeoutPreemptively(GENEROUS, loader::close);
            Exception e = assertThrows(Exception.class, () -> waiting.get(30, TimeUnit.SECONDS));
            assertInstanceOf(CancelledException.class, e.getCause());
        } finally {
            consumer.shutdownNow();
            assertTrue(consumer.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** Waits until the consumer thread has started and is parked waiting for a worker's result. */
    private static void awaitBlocked(AtomicReference<Thread> thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "consumer never blocked");
            Thread.sleep(5);
        }
    }

    @Test
    void cancellationStopsBetweenBatches() {
        writeImages(12);
        CancellationToken token = CancellationToken.create();

        try (ImageBatchLoader loader = ImageBatchLoader.open(FolderImageSource.open(dir), PREPROCESSOR, options(3), token)) {
            assertTimeoutPreemptively(GENEROUS, () -> {
                assertEquals(3, loader.next().size());
                token.cancel("user pressed stop");
                CancelledException e = assertThrows(CancelledException.class, loader::hasNext);
                assertTrue(e.getMessage().contains("user pressed stop"), e.getMessage());
                assertThrows(CancelledException.class, loader::next);
            });
        }
    }

    @Test
    void unexpectedWorkerFailuresSurfaceAsFacetExceptions() {
        CountingSource failing = new CountingSource(6, new AtomicInteger(), i -> {
            if (i == 4) {
                throw new IllegalStateException("decoder bug");
            }
            return filled(i);
        });

        try (ImageBatchLoader loader = ImageBatchLoader.open(failing, PREPROCESSOR, options(2))) {
            assertTimeoutPreemptively(GENEROUS, () -> {
                assertEquals(2, loader.next().size());
                assertEquals(2, loader.next().size());
                FacetException e = assertThrows(FacetException.class, loader::next);
                assertTrue(e.getMessage().contains("item-4"), e.getMessage());
                assertInstanceOf(IllegalStateException.class, e.getCause());
                assertThrows(FacetException.class, loader::hasNext, "the failure sticks");
            });
        }
    }

    @Test
    void manyThreadsStillDeliverInOrder() {
        CountingSource source = new CountingSource(200, new AtomicInteger(), i -> {
            if (i % 7 == 3) {
                throw new UnreadableImageException("bad item " + i);
            }
            return filled(i % 256);
        });

        try (ImageBatchLoader loader = ImageBatchLoader.open(source, PREPROCESSOR, new LoaderOptions(9, 4, 2, 0))) {
            List<ImageBatch> batches = assertTimeoutPreemptively(GENEROUS, () -> loader.stream().collect(Collectors.toList()));
            List<Integer> indices = new ArrayList<>();
            for (ImageBatch batch : batches) {
                int[] batchIndices = batch.sourceIndices();
                for (int i = 0; i < batch.size(); i++) {
                    indices.add(batchIndices[i]);
                    assertEquals((batchIndices[i] % 256) / 255f, batch.pixels().get(i, 0, 0, 0), 1e-6f);
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                if (i % 7 != 3) {
                    expected.add(i);
                }
            }
            assertEquals(expected, indices);
            assertEquals(200 - expected.size(), loader.skipped().size());
            assertEquals("bad item 3", loader.skipped().get(0).reason());
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(ConfigException.class, () -> new LoaderOptions(0, 1, 1, 0));
        assertThrows(ConfigException.class, () -> new LoaderOptions(1, 0, 1, 0));
        assertThrows(ConfigException.class, () -> new LoaderOptions(1, 1, 0, 0));
        assertThrows(ConfigException.class, () -> new LoaderOptions(1, 1, 1, -1));
        LoaderOptions defaults = LoaderOptions.withBatchSize(16);
        assertEquals(Math.min(256, Runtime.getRuntime().availableProcessors()), defaults.threads());
        assertEquals(2, defaults.batchesInFlight());
        assertEquals(0, defaults.startIndex());
    }

    /** A source of generated images that counts loads; {@code pixels} may block or throw. */
    private static final class CountingSource implements ImageSource {
        private final int size;
        private final AtomicInteger loads;
        private final IntFunction<BufferedImage> pixels;

        CountingSource(int size, AtomicInteger loads, IntFunction<BufferedImage> pixels) {
            this.size = size;
            this.loads = loads;
            this.pixels = pixels;
        }

        @Override
        public String name() {
            return "generated";
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public ImageItem item(int index) {
            return new ImageItem() {
                @Override
                public String id() {
                    return "item-" + index;
                }

                @Override
                public OptionalInt label() {
                    return OptionalInt.empty();
                }

                @Override
                public BufferedImage load() {
                    loads.incrementAndGet();
                    return pixels.apply(index);
                }
            };
        }

        @Override
        public boolean hasLabels() {
            return false;
        }
    }
}
