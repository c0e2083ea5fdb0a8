package dev.facet.pipeline.scan;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongUnaryOperator;

/**
 * The k best images of every concept over a stream of {@link ConceptMapBatch}es
 * (docs/algorithms.md#top-images: rank images by the mean or max of the concept map over the image's
 * content cells, those not wholly in padding). Each entry keeps its image's map of the concept so
 * pictures can be drawn without running the model again.
 *
 * <p>Only images with a positive score for a concept are entries (for non-negative codes: the
 * images where the concept fires at all). Ties of score go to the lower image index, so the result
 * is the same however the images are split into batches, or into parts whose lists {@link #merge} in
 * image order (the merged lists are those of one pass). Memory is O(concepts·k·h·w); work per
 * batch is proportional to its stored codes plus h·w per map that enters a top list.
 *
 * <p>Not thread-safe.
 */
public final class TopImages {

    /**
     * One of a concept's best images.
     *
     * @param image index of the image in the stream ({@code firstImageIndex} + index in its batch)
     * @param score the image's {@link ImageScore} for the concept
     * @param map   the concept's map on the image (grid rows × columns), 0 on cells wholly in padding
     */
    public record Entry(long image, double score, FloatMatrix map) {
    }

    /**
     * The top lists in a form that can be sent between JVMs (a worker's part of a distributed scan).
     *
     * @param concepts number of concepts
     * @param k        images kept per concept
     * @param score    how images are scored
     * @param lists    each concept's entries, best first
     */
    public record Snapshot(int concepts, int k, ImageScore score, SnapshotEntry[][] lists) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * One entry of a {@link Snapshot}.
     *
     * @param image  the image's index, in the numbering the snapshot was taken with
     * @param score  the image's score
     * @param height map rows
     * @param width  map columns
     * @param map    the map's values, row-major
     */
    public record SnapshotEntry(long image, double score, int height, int width, float[] map) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Best first: higher score, then lower image index. */
    private static final Comparator<Entry> BEST_FIRST =
            Comparator.comparingDouble(Entry::score).reversed().thenComparingLong(Entry::image);

    private final int concepts;
    private final int k;
    private final ImageScore score;
    private final List<PriorityQueue<Entry>> lists;
    /*
     * Scratch for the image being scanned, per concept: its score so far, the image visit that
     * last touched it, and its map when it enters the top list; touched lists the concepts seen.
     */
    private final double[] accumulator;
    private final long[] lastVisit;
    private final int[] touched;
    private final float[][] pendingMaps;
    private long visit;

    private TopImages(Builder builder) {
        this.concepts = builder.concepts;
        this.k = builder.k;
        this.score = builder.score;
        this.lists = new ArrayList<>(concepts);
        for (int i = 0; i < concepts; i++) {
            lists.add(new PriorityQueue<>(BEST_FIRST.reversed()));
        }
        this.accumulator = new double[concepts];
        this.lastVisit = new long[concepts];
        this.touched = new int[concepts];
        this.pendingMaps = new float[concepts][];
    }

    public static Builder builder() {
        return new Builder();
    }

    public int concepts() {
        return concepts;
    }

    public int k() {
        return k;
    }

    public ImageScore score() {
        return score;
    }

    /**
     * Offers every image of a batch.
     *
     * @param firstImageIndex stream index of the batch's first image, {@code >= 0}
     * @throws InvalidDataException when the batch has another number of concepts
     */
    public void accept(ConceptMapBatch batch, long firstImageIndex) {
        if (batch.concepts() != concepts) {
            throw new InvalidDataException("Top images track " + concepts + " concepts, but the batch has "
                    + batch.concepts());
        }
        if (firstImageIndex < 0) {
            throw new InvalidDataException("First image index must be >= 0, found " + firstImageIndex);
        }
        for (int image = 0; image < batch.images(); image++) {
            acceptImage(batch, image, firstImageIndex + image);
        }
    }

    private void acceptImage(ConceptMapBatch batch, int image, long index) {
        visit++;
        int[] count = {0};
        batch.forEachContentEntry(image, (concept, cell, value) -> {
            if (lastVisit[concept] != visit) {
                lastVisit[concept] = visit;
                touched[count[0]++] = concept;
                accumulator[concept] = value;
            } else {
                accumulator[concept] = score == ImageScore.MAX ? Math.max(accumulator[concept], value)
                        : accumulator[concept] + value;
            }
        });
        int touchedCount = count[0];
        int contentCells = batch.content(image).cells();
        for (int t = 0; t < touchedCount; t++) {
            int concept = touched[t];
            if (score == ImageScore.MEAN) {
                accumulator[concept] /= contentCells;
            }
            if (accumulator[concept] > 0 && enters(concept, accumulator[concept], index)) {
                pendingMaps[concept] = new float[batch.cells()];
            }
        }
        batch.forEachContentEntry(image, (concept, cell, value) -> {
            if (pendingMaps[concept] != null) {
                pendingMaps[concept][cell] = value;
            }
        });
        for (int t = 0; t < touchedCount; t++) {
            int concept = touched[t];
            if (pendingMaps[concept] != null) {
                PriorityQueue<Entry> list = lists.get(concept);
                list.add(new Entry(index, accumulator[concept],
                        new FloatMatrix(batch.height(), batch.width(), pendingMaps[concept])));
                if (list.size() > k) {
                    list.poll();
                }
                pendingMaps[concept] = null;
            }
        }
    }

    /** Whether an image with this score would be in the concept's top k. */
    private boolean enters(int concept, double value, long index) {
        PriorityQueue<Entry> list = lists.get(concept);
        if (list.size() < k) {
            return true;
        }
        Entry worst = list.peek();
        return value > worst.score() || (value == worst.score() && index < worst.image());
    }

    /**
     * These lists as a {@link Snapshot}, each entry's image renumbered by {@code imageIndex} (e.g. from
     * the position in this scan to the index in the image source). The renumbering must keep the order of
     * the images, so that ties still go to the lower index.
     */
    public Snapshot snapshot(LongUnaryOperator imageIndex) {
        SnapshotEntry[][] out = new SnapshotEntry[concepts][];
        for (int c = 0; c < concepts; c++) {
            List<Entry> entries = top(c);
            out[c] = new SnapshotEntry[entries.size()];
            for (int j = 0; j < out[c].length; j++) {
                Entry e = entries.get(j);
                out[c][j] = new SnapshotEntry(imageIndex.applyAsLong(e.image()), e.score(), e.map().rows(),
                        e.map().cols(), e.map().data().clone());
            }
        }
        return new Snapshot(concepts, k, score, out);
    }

    /**
     * Adds the entries of another part of the stream, each image renumbered by {@code imageIndex} into
     * this stream's numbering (order-preserving): afterwards each list is the top k of both parts, as one
     * pass over both would have made it.
     *
     * @throws InvalidDataException when {@code other} tracks other concepts, another k or another score
     */
    public void merge(Snapshot other, LongUnaryOperator imageIndex) {
        if (other.concepts() != concepts || other.k() != k || other.score() != score) {
            throw new InvalidDataException("Cannot merge top images of " + other.concepts() + " concepts (k "
                    + other.k() + ", " + other.score() + ") into top images of " + concepts + " concepts (k " + k
                    + ", " + score + ")");
        }
        for (int c = 0; c < concepts; c++) {
            PriorityQueue<Entry> list = lists.get(c);
            for (SnapshotEntry e : other.lists()[c]) {
                long index = imageIndex.applyAsLong(e.image());
                if (enters(c, e.score(), index)) {
                    list.add(new Entry(index, e.score(), new FloatMatrix(e.height(), e.width(), e.map().clone())));
                    if (list.size() > k) {
                        list.poll();
                    }
                }
            }
        }
    }

    /** The best images of one concept, best first (higher score, then lower image index); at most k. */
    public List<Entry> top(int concept) {
        if (concept < 0 || concept >= concepts) {
            throw new InvalidDataException("Concept " + concept + " is outside [0, " + concepts + ")");
        }
        Entry[] entries = lists.get(concept).toArray(new Entry[0]);
        Arrays.sort(entries, BEST_FIRST);
        return List.of(entries);
    }

    /** Builds {@link TopImages}; concepts and k are required, the score defaults to {@link ImageScore#MEAN}. */
    public static final class Builder {
        private int concepts;
        private int k;
        private ImageScore score = ImageScore.MEAN;

        private Builder() {
        }

        /** Number of concepts of the dictionary, {@code >= 1}. */
        public Builder setConcepts(int concepts) {
            this.concepts = concepts;
            return this;
        }

        /** Images kept per concept, {@code >= 1}. */
        public Builder setK(int k) {
            this.k = k;
            return this;
        }

        public Builder optScore(ImageScore score) {
            this.score = score;
            return this;
        }

        public TopImages build() {
            if (concepts < 1) {
                throw ConfigException.outOfRange("top images concepts", concepts, ">= 1");
            }
            if (k < 1) {
                throw ConfigException.outOfRange("top images k", k, ">= 1");
            }
            if (score == null) {
                throw new ConfigException("Top images score must be MEAN or MAX, found null");
            }
            return new TopImages(this);
        }
    }
}
