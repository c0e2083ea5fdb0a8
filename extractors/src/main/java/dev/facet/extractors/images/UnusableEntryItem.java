package dev.facet.extractors.images;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A listed entry that can never be loaded (for example a list-file line that is not a valid path).
 * It keeps its place in the source so ids and indices stay stable; loading it always fails with the
 * recorded reason, so the batch loader skips it.
 */
record UnusableEntryItem(String id, String reason) implements ImageItem {

    UnusableEntryItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public BufferedImage load() {
        throw new UnreadableImageException(reason);
    }
}
