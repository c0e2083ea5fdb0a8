package dev.facet.extractors.images;

import dev.facet.spi.FacetException;

/**
 * One image cannot be used: the file is missing, empty, not an image, truncated or corrupt. The
 * message is the reason alone (e.g. {@code "truncated PNG: file ends after chunk 'IDAT' without an
 * IEND chunk"}); the {@link ImageBatchLoader} pairs it with the item's id in a {@link SkippedImage}
 * and carries on with the next image.
 */
public class UnreadableImageException extends FacetException {
    private static final long serialVersionUID = 1L;

    public UnreadableImageException(String reason) {
        super(reason);
    }

    public UnreadableImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
