package dev.facet.extractors.images;

import java.nio.file.Path;
import java.util.List;

/** A source of unlabelled items read from one path (a folder or a list file). */
abstract class UnlabelledImageSource implements ImageSource {
    private final Path origin;
    private final List<? extends ImageItem> items;

    UnlabelledImageSource(Path origin, List<? extends ImageItem> items) {
        this.origin = origin;
        this.items = List.copyOf(items);
    }

    /** The folder or list file the items came from. */
    Path origin() {
        return origin;
    }

    @Override
    public String name() {
        return origin.toString();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public ImageItem item(int index) {
        return items.get(index);
    }

    @Override
    public boolean hasLabels() {
        return false;
    }
}
