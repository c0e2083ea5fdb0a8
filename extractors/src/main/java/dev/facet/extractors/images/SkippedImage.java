package dev.facet.extractors.images;

import java.util.Objects;

/**
 * An item the {@link ImageBatchLoader} left out, and why.
 *
 * @param id     the item's id in its source
 * @param reason what went wrong, e.g. {@code "not a decodable image"} or {@code "empty file (0 bytes)"}
 */
public record SkippedImage(String id, String reason) {

    public SkippedImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }
}
