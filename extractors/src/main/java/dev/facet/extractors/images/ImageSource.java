package dev.facet.extractors.images;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered, finite collection of images. The order is deterministic (the same source on the same
 * files always lists the same items in the same order) and every item has a stable id, so a run can
 * resume at an item index and report code can name images.
 *
 * <p>Implementations are safe for concurrent {@link ImageItem#load()} calls from several threads.
 */
public interface ImageSource {

    /** What this source reads, for messages and provenance (usually the path it was opened on). */
    String name();

    /** Number of items, bad ones included (they are skipped when loaded, not when listed). */
    int size();

    /**
     * The item at {@code index}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    ImageItem item(int index);

    /** Whether every item carries an integer label. */
    boolean hasLabels();

    /** The ids of all items, in source order. */
    default List<String> ids() {
        List<String> ids = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            ids.add(item(i).id());
        }
        return ids;
    }
}
