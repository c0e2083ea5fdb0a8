package dev.facet.extractors.images;

import java.awt.image.BufferedImage;
import java.util.OptionalInt;
import java.util.function.Function;

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

    /**
     * Decodes the pixels and returns what {@code reduce} makes of them (a model input, say). A source
     * that bounds decoding memory holds the decode's share of its budget until {@code reduce}
     * returns, so {@code reduce} should not keep the full-size image. By default, {@link #load()}.
     *
     * @throws UnreadableImageException as {@link #load()}
     */
    default <T> T loadAs(Function<BufferedImage, T> reduce) {
        return reduce.apply(load());
    }
}
