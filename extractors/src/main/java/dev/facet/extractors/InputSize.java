package dev.facet.extractors;

import dev.facet.spi.ConfigException;

/**
 * The height and width a backbone's input is resized to, from the backbone setting
 * {@code input_size}.
 *
 * @param height pixels, in [1, {@value #MAX}]
 * @param width  pixels, in [1, {@value #MAX}]
 */
public record InputSize(int height, int width) {
    /** The largest side accepted: beyond it one float image alone would be hundreds of megabytes. */
    public static final int MAX = 4096;

    public InputSize {
        if (height < 1 || width < 1 || height > MAX || width > MAX) {
            throw ConfigException.outOfRange("input size", height + "x" + width, "each side in [1, " + MAX + "]");
        }
    }

    /** {@code HxW}, or {@code N} for a square. */
    @Override
    public String toString() {
        return height == width ? String.valueOf(height) : height + "x" + width;
    }
}
