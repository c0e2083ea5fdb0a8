package dev.facet.extractors.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction for models that pad: the positions wholly in padding are left out unless kept. */
class ExtractionPaddingTest {
    /**
     * Image sizes (width, height) padded into {@link GridBackbone}'s 4x4 input of 2x2 patches, and the
     * patches holding content: a wide line keeps the top row of patches, a tall one the left column, and
     * a 4x3 image (content rows 0..2) keeps the bottom row too, partly padding.
     */
    private static final int[][] SIZES = {{8, 2}, {2, 8}, {4, 4}, {4, 3}, {3, 4}};
    private static final int[][] CONTENT = {{0, 1}, {0, 2}, {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}};

    @TempDir
    Path dir;

    private Path images() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("images"));
        Random random = new Random(7);
        for (int i = 0; i < SIZES.length; i++) {
            BufferedImage image = new BufferedImage(SIZES[i][0], SIZES[i][1], BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.getRaster().setSample(x, y, 0, 1 + random.nextInt(254));
                }
            }
            ImageIO.write(image, "png", folder.resolve("image-" + i + ".png").toFile());
        }
        return folder;
    }

    private ActivationStore extract(Path images, TokenSelection tokens, boolean keepPadding, String name) {
        Path out = dir.resolve(name);
        ExtractionRequest request = new ExtractionRequest("tokens", tokens, out, StoreDtype.FLOAT32, 2, 10, 1, 0)
                .withKeepPadding(keepPadding);
        Extraction.run(new GridBackbone(ResizeMode.PAD), ImageSources.open(images), request,
                RunContext.builder().setOutputDirectory(out).build());
        ActivationStore store = ActivationStore.open(out);
        store.verify();
        return store;
    }

    /** The backbone's tokens of image {@code i}, as extraction sees them. */
    private static FloatMatrix tokens(Path images, int i) throws Exception {
        GridBackbone backbone = new GridBackbone(ResizeMode.PAD);
        float[] pixels = new ImagePreprocessor(backbone.info().input())
                .preprocess(ImageIO.read(images.resolve("image-" + i + ".png").toFile()));
        Tensor out = backbone.forward(new Tensor(new long[] {1, 1, 4, 4}, pixels), "tokens");
        return new FloatMatrix(5, 4, out.data());
    }

    private static List<FloatMatrix> storedImages(ActivationStore store) {
        List<FloatMatrix> images = new ArrayList<>();
        for (int shard = 0; shard < store.shards().size(); shard++) {
            FloatMatrix rows = store.readShard(shard);
            int at = 0;
            for (int count : store.images(shard).rows()) {
                images.add(rows.rows(at, at + count));
                at += count;
            }
        }
        return images;
    }

    @Test
    void patchesWhollyInPaddingAreLeftOut() throws Exception {
        Path images = images();
        for (TokenSelection tokens : new TokenSelection[] {TokenSelection.PATCH, TokenSelection.ALL}) {
            ActivationStore store = extract(images, tokens, false, "drop-" + tokens);
            assertTrue(store.metadata().dropsPadding());
            assertEquals(tokens == TokenSelection.ALL ? 5 : 4, store.metadata().tokensPerImage());
            List<FloatMatrix> stored = storedImages(store);
            assertEquals(SIZES.length, stored.size());
            int prefix = tokens == TokenSelection.ALL ? 1 : 0;
            for (int i = 0; i < SIZES.length; i++) {
                FloatMatrix all = tokens(images, i);
                FloatMatrix image = stored.get(i);
                assertEquals(prefix + CONTENT[i].length, image.rows(), tokens + " image " + i);
                if (prefix == 1) {
                    assertArrayEquals(all.rows(0, 1).data(), image.rows(0, 1).data(), "CLS of image " + i);
                }
                for (int k = 0; k < CONTENT[i].length; k++) {
                    int patch = 1 + CONTENT[i][k];
                    assertArrayEquals(all.rows(patch, patch + 1).data(), image.rows(prefix + k, prefix + k + 1).data(),
                            tokens + " image " + i + ", patch " + CONTENT[i][k]);
                }
            }
        }
    }

    @Test
    void keepPaddingStoresEveryPatch() throws Exception {
        ActivationStore store = extract(images(), TokenSelection.PATCH, true, "keep");

        assertFalse(store.metadata().dropsPadding());
        assertEquals(1, store.metadata().formatVersion());
        assertEquals(SIZES.length * 4, store.rows());
        JsonNode provenance = new ObjectMapper().readTree(store.directory().resolve(Extraction.PROVENANCE).toFile());
        assertTrue(provenance.get("source").get("keep_padding").asBoolean());
        assertEquals("kept", provenance.get("source").get("padding").asText());
    }

    @Test
    void theClsTokenAloneHasNoPositionsToDrop() throws Exception {
        ActivationStore store = extract(images(), TokenSelection.CLS, false, "cls");

        assertFalse(store.metadata().dropsPadding());
        assertEquals(SIZES.length, store.rows());
    }
}
