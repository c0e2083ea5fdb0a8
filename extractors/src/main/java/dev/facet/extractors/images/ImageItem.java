package dev.facet.extractors.images;

import java.awt.image.BufferedImage;
import java.util.OptionalInt;

/**
 * One entry of an {@link ImageSource}: a stable id (a relative path such as {@code cats/01.png}, or
 * {@code train-images.idx3-ubyte#123} for an image inside a file), an optional label and a way to
 * load the pixels. Listing an item never reads its pixels.
 */
public interface ImageItem {

    /** Stable id, unique within its source. */
    String id();

    /** The item's integer label, empty when its source has none (the default). */
    default OptionalInt label() {
        return OptionalInt.empty();
    }

    /**
     * Reads and decodes the pixels.
     *
     * @throws UnreadableImageException if the item is missing, unreadable or not a complete image; the
     *                                  message says what went wrong
     */
    BufferedImage load();
}
