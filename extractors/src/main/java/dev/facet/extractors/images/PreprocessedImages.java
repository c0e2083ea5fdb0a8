package dev.facet.extractors.images;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Turns preprocessed pixels back into a viewable picture by undoing the normalisation of an
 * {@link InputSpec}: {@code p = round((v * std[c] + mean[c]) * 255)}, clamped to [0, 255]. The result
 * is always a {@link BufferedImage#TYPE_INT_RGB} image of the spec's size (gray replicated into the
 * three channels, BGR put back into RGB order), ready for overlays and PNG output. Resizing, cropping
 * and padding are not undone.
 */
public final class PreprocessedImages {

    private PreprocessedImages() {
    }

    /**
     * Rebuilds one image from its (c, h, w) floats.
     *
     * @throws InvalidDataException if {@code chw} does not hold channels x height x width values
     */
    public static BufferedImage toImage(float[] chw, InputSpec spec) {
        int height = spec.height();
        int width = spec.width();
        int planeSize = height * width;
        if (chw.length != spec.channels() * planeSize) {
            throw new InvalidDataException("A preprocessed image for " + spec + " has " + spec.channels() * planeSize
                    + " values (c, h, w), found " + chw.length);
        }
        return toImage(chw, 0, spec);
    }

    /**
     * Rebuilds image {@code index} of a batch tensor of shape (n, c, h, w).
     *
     * @throws InvalidDataException if the tensor's shape does not fit the spec or {@code index} is out of range
     */
    public static BufferedImage toImage(Tensor batch, int index, InputSpec spec) {
        long[] shape = batch.shape();
        long[] perImage = Arrays.copyOfRange(spec.batchShape(1), 1, 4);
        if (shape.length != 4 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), perImage)) {
            throw new InvalidDataException("Image batch has shape " + Arrays.toString(shape) + ", expected (n, "
                    + perImage[0] + ", " + perImage[1] + ", " + perImage[2] + ") for " + spec);
        }
        if (index < 0 || index >= shape[0]) {
            throw new InvalidDataException("Image index " + index + " is outside a batch of " + shape[0] + " images");
        }
        int imageSize = (int) (perImage[0] * perImage[1] * perImage[2]);
        return toImage(batch.data(), index * imageSize, spec);
    }

    private static BufferedImage toImage(float[] values, int offset, InputSpec spec) {
        int height = spec.height();
        int width = spec.width();
        int planeSize = height * width;
        float[] mean = spec.mean();
        float[] std = spec.std();
        int[] rgbPlane = switch (spec.order()) {
            case GRAY -> new int[] {0, 0, 0};
            case RGB -> new int[] {0, 1, 2};
            case BGR -> new int[] {2, 1, 0};
        };
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int pixel = y * width + x;
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    int c = rgbPlane[k];
                    float value = values[offset + c * planeSize + pixel] * std[c] + mean[c];
                    rgb = (rgb << 8) | toByte(value);
                }
                row[x] = rgb;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int toByte(float unit) {
        float scaled = unit * 255f;
        if (!(scaled > 0)) {
            return 0;
        }
        return scaled >= 255f ? 255 : Math.round(scaled);
    }
}
