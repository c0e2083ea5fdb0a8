package dev.facet.extractors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.spi.CancelledException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractionTest {
    private static final int IMAGES = 23;

    @TempDir
    Path dir;

    /** An IDX file of 4x4 images whose pixel p of image i is (i * 16 + p) % 256. */
    private Path idx() throws Exception {
        Path file = dir.resolve("images-idx3-ubyte");
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(0x00000803);
            out.writeInt(IMAGES);
            out.writeInt(4);
            out.writeInt(4);
            for (int i = 0; i < IMAGES; i++) {
                for (int p = 0; p < 16; p++) {
                    out.writeByte((i * 16 + p) % 256);
                }
            }
        }
        return file;
    }

    private static float pixel(int image, int p) {
        return ((image * 16 + p) % 256) / 255f;
    }

    private RunContext context(CancellationToken token, int cancelAfterImages) {
        return RunContext.builder().setOutputDirectory(dir).optCancellation(token).optProgress((name, total, unit) ->
                new ProgressTask() {
                    private long done;

                    @Override
                    public void advance(long units) {
                        done += units;
                        if (cancelAfterImages > 0 && done >= cancelAfterImages) {
                            token.cancel("test interruption");
                        }
                    }

                    @Override
                    public void close() {
                    }
                }).build();
    }

    private ExtractionRequest request(Path out, TokenSelection tokens) {
        return new ExtractionRequest("tokens", tokens, out, StoreDtype.FLOAT32, 5, 12, 2, 0);
    }

    @Test
    void storesTheSelectedTokensOfEveryImageInOrder() throws Exception {
        Path out = dir.resolve("store");
        ImageSource source = ImageSources.open(idx());
        ExtractionResult result = Extraction.run(new GridBackbone(), source, request(out, TokenSelection.PATCH),
                context(CancellationToken.create(), 0));
        assertEquals(IMAGES, result.imagesStored());
        assertEquals(IMAGES * 4, result.rows());
        ActivationStore store = ActivationStore.open(out);
        store.verify();
        assertTrue(store.isComplete());
        assertEquals(4, store.dim());
        assertEquals(IMAGES * 4L, store.rows());
        List<String> ids = new ArrayList<>();
        List<FloatMatrix> shards = new ArrayList<>();
        for (int s = 0; s < store.shards().size(); s++) {
            ids.addAll(store.imageIds(s));
            shards.add(store.readShard(s));
            assertTrue(store.shards().get(s).rows() <= 12);
        }
        assertEquals(source.ids(), ids);
        // Image 7's second patch (top-right 2x2) holds pixels 2, 3, 6, 7 of the image.
        int shard = 7 / 3;
        FloatMatrix rows = shards.get(shard);
        int row = (7 - shard * 3) * 4 + 1;
        assertEquals(pixel(7, 2), rows.get(row, 0), 1e-6);
        assertEquals(pixel(7, 7), rows.get(row, 3), 1e-6);
    }

    @Test
    void clsSelectionKeepsOneRowPerImage() throws Exception {
        Path out = dir.resolve("cls");
        Extraction.run(new GridBackbone(), ImageSources.open(idx()), request(out, TokenSelection.CLS),
                context(CancellationToken.create(), 0));
        ActivationStore store = ActivationStore.open(out);
        assertEquals(IMAGES, store.rows());
        float mean = 0;
        for (int p = 0; p < 16; p++) {
            mean += pixel(0, p) / 16;
        }
        assertEquals(mean, store.readShard(0).get(0, 2), 1e-6);
    }

    @Test
    void anInterruptedRunResumesWithoutLosingOrRepeatingImages() throws Exception {
        Path out = dir.resolve("resumed");
        ImageSource source = ImageSources.open(idx());
        CancellationToken token = CancellationToken.create();
        assertThrows(CancelledException.class, () -> Extraction.run(new GridBackbone(), source,
                request(out, TokenSelection.ALL), context(token, 10)));
        ActivationStore partial = ActivationStore.openIncomplete(out);
        partial.verify();
        long before = partial.images();
        assertTrue(before > 0 && before < IMAGES, "stored " + before);
        GridBackbone second = new GridBackbone();
        ExtractionResult result = Extraction.run(second, source, request(out, TokenSelection.ALL),
                context(CancellationToken.create(), 0));
        assertEquals(IMAGES, result.imagesStored());
        assertEquals(IMAGES - before, result.imagesThisRun());
        ActivationStore store = ActivationStore.open(out);
        store.verify();
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < store.shards().size(); s++) {
            ids.addAll(store.imageIds(s));
        }
        assertEquals(source.ids(), ids, "every image exactly once, in order");
    }

    @Test
    void unreadableImagesAreSkippedAndListed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setSample(1, 1, 0, 40 * i);
            ImageIO.write(image, "png", folder.resolve("good-" + i + ".png").toFile());
        }
        Files.write(folder.resolve("empty.png"), new byte[0]);
        Files.writeString(folder.resolve("notes.jpg"), "this is text, not a JPEG");
        byte[] png = Files.readAllBytes(folder.resolve("good-1.png"));
        Files.write(folder.resolve("truncated.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Path out = dir.resolve("skips");
        ExtractionResult result = Extraction.run(new GridBackbone(), ImageSources.open(folder),
                request(out, TokenSelection.PATCH), context(CancellationToken.create(), 0));
        assertEquals(3, result.imagesStored());
        assertEquals(List.of("empty.png", "notes.jpg", "truncated.png"),
                result.skipped().stream().map(s -> s.id()).toList());
        String listed = Files.readString(out.resolve("skipped.json"));
        assertTrue(listed.contains("truncated.png") && listed.contains("reason"), listed);
    }

    @Test
    void anUnknownHookPointNamesTheAvailableOnes() throws Exception {
        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> Extraction.run(
                new GridBackbone(), ImageSources.open(idx()),
                new ExtractionRequest("token", TokenSelection.ALL, dir.resolve("x"), StoreDtype.FLOAT32, 4, 100, 1, 0),
                context(CancellationToken.create(), 0)));
        assertTrue(e.getMessage().contains("[tokens]"), e.getMessage());
    }
}
