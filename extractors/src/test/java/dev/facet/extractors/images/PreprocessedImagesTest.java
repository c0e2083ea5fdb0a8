package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreprocessedImagesTest {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    @Test
    void undoesNormalisationForRgbAndBgr() {
        BufferedImage photo = TestImages.noise(5, 4, 9);
        for (ChannelOrder order : new ChannelOrder[] {ChannelOrder.RGB, ChannelOrder.BGR}) {
            InputSpec spec = new InputSpec(3, 4, 5, order, ResizeMode.STRETCH, MEAN, STD);

            BufferedImage back = PreprocessedImages.toImage(new ImagePreprocessor(spec).preprocess(photo), spec);

            assertEquals(BufferedImage.TYPE_INT_RGB, back.getType());
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(photo.getRGB(x, y) & 0xFFFFFF, back.getRGB(x, y) & 0xFFFFFF, order + " " + x + "," + y);
                }
            }
        }
    }

    @Test
    void grayBecomesEqualRgbChannels() {
        InputSpec spec = new InputSpec(1, 1, 2, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0.5f},
                new float[] {0.5f});
        BufferedImage gray = GrayscaleImages.fromUnsignedBytes(new byte[] {(byte) 200, 7}, 0, 2, 1);

        BufferedImage back = PreprocessedImages.toImage(new ImagePreprocessor(spec).preprocess(gray), spec);

        assertEquals(0xC8C8C8, back.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x070707, back.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void clampsOutOfRangeValues() {
        InputSpec spec = new InputSpec(1, 1, 2, ChannelOrder.GRAY, ResizeMode.STRETCH, new float[] {0}, new float[] {1});

        BufferedImage back = PreprocessedImages.toImage(new float[] {-3f, 7f}, spec);

        assertEquals(0x000000, back.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, back.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void readsOneImageOfABatchTensor() {
        InputSpec spec = new InputSpec(3, 2, 2, ChannelOrder.RGB, ResizeMode.STRETCH, MEAN, STD);
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
        float[] first = preprocessor.preprocess(TestImages.solid(2, 2, 0x000000));
        float[] second = preprocessor.preprocess(TestImages.solid(2, 2, 0x19FF64));
        float[] both = new float[24];
        System.arraycopy(first, 0, both, 0, 12);
        System.arraycopy(second, 0, both, 12, 12);
        Tensor batch = new Tensor(spec.batchShape(2), both);

        assertEquals(0x19FF64, PreprocessedImages.toImage(batch, 1, spec).getRGB(1, 1) & 0xFFFFFF);
        assertThrows(InvalidDataException.class, () -> PreprocessedImages.toImage(batch, 2, spec));
        assertThrows(InvalidDataException.class, () -> PreprocessedImages.toImage(new float[5], spec));
    }
}
