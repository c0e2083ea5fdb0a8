package dev.facet.extractors.pipeline;

import dev.facet.extractors.images.ImageItem;
import dev.facet.extractors.images.ImageSource;

/** The first {@code limit} items of another source. */
public final class LimitedImageSource implements ImageSource {
    private final ImageSource source;
    private final int size;

    /** The first {@code limit} items of {@code source}, or all of them when {@code limit} is 0. */
    public static ImageSource of(ImageSource source, int limit) {
        return limit > 0 && limit < source.size() ? new LimitedImageSource(source, limit) : source;
    }

    LimitedImageSource(ImageSource source, int limit) {
        this.source = source;
        this.size = Math.min(source.size(), limit);
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ImageItem item(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Item " + index + " is outside [0, " + size + ")");
        }
        return source.item(index);
    }

    @Override
    public boolean hasLabels() {
        return source.hasLabels();
    }
}
