package dev.facet.attribution.fidelity;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Tensor;

/**
 * Checked inputs of a fidelity metric: preprocessed pixels (n, c, h, w) and one attribution map
 * per image (n, h, w), all finite.
 */
record FidelityInput(Tensor pixels, Tensor maps, int n, int channels, int height, int width) {

    static FidelityInput of(Tensor pixels, Tensor maps) {
        if (pixels.rank() != 4 || pixels.dim(0) < 1) {
            throw new InvalidDataException("pixels must have shape (n, c, h, w) with n >= 1, found " + pixels);
        }
        int n = (int) pixels.dim(0);
        int height = (int) pixels.dim(2);
        int width = (int) pixels.dim(3);
        maps.requireShape("maps", n, height, width);
        requireFinite("pixels", pixels);
        requireFinite("maps", maps);
        return new FidelityInput(pixels, maps, n, (int) pixels.dim(1), height, width);
    }

    private static void requireFinite(String what, Tensor tensor) {
        float[] data = tensor.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidDataException(what + " holds " + data[i] + " at " + tensor.position(i));
            }
        }
    }

    int pixelsPerImage() {
        return height * width;
    }

    int imageSize() {
        return channels * height * width;
    }

    /** Copies image {@code image} of the pixels into {@code into} at {@code offset}. */
    void copyImage(int image, float[] into, int offset) {
        System.arraycopy(pixels.data(), image * imageSize(), into, offset, imageSize());
    }

    float map(int image, int pixel) {
        return maps.data()[image * pixelsPerImage() + pixel];
    }
}
