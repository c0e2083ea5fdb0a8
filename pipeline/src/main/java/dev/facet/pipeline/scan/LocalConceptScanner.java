package dev.facet.pipeline.scan;

import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.pipeline.LimitedImageSource;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The concept scan on this machine: the images of a source (or of a range of its indices) are decoded
 * in batches by an {@link ImageBatchLoader}, each batch's concept maps computed by {@link ConceptMaps}
 * and added to the top images and the activity. A distributed scan runs it on each part of the images.
 */
public final class LocalConceptScanner implements ConceptScanner {

    private final Backbone backbone;
    private final String hookPoint;
    private final Dictionary dictionary;
    private final ImageSource images;
    private final int from;
    private final int to;
    private final int batchSize;
    private final int threads;
    private final Consumer<ImageBatch> observer;

    private LocalConceptScanner(Builder b) {
        this.backbone = b.backbone;
        this.hookPoint = b.hookPoint;
        this.dictionary = b.dictionary;
        this.images = b.images;
        this.from = b.from;
        this.to = b.to < 0 ? b.images.size() : b.to;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.observer = b.observer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scans the images of the range; an unreadable image is left out. Image {@code i} of the scan enters
     * {@code top} as index {@code i}.
     *
     * @return the source index of each image scanned, ascending; empty when none could be read
     */
    @Override
    public int[] scan(TopImages top, ConceptActivity activity, RunContext context) {
        ConceptMaps maps = ConceptMaps.builder().setBackbone(backbone).setHookPoint(hookPoint).setDictionary(dictionary)
                .build();
        int[] seen = new int[to - from];
        int count = 0;
        int loaderThreads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        LoaderOptions options = LoaderOptions.withBatchSize(batchSize).withThreads(loaderThreads).withStartIndex(from);
        try (ImageBatchLoader loader = ImageBatchLoader.open(LimitedImageSource.of(images, to),
                new ImagePreprocessor(backbone.info().input()), options, context.cancellation());
             ProgressTask task = context.progress().start("concept maps", to - from, "images")) {
            int position = from;
            while (loader.hasNext()) {
                ImageBatch batch = loader.next();
                ConceptMapBatch mapBatch = maps.compute(batch.pixels(), batch.geometries());
                top.accept(mapBatch, count);
                activity.accept(mapBatch);
                observer.accept(batch);
                for (int index : batch.sourceIndices()) {
                    seen[count++] = index;
                }
                task.advance(batch.nextStartIndex() - position);
                position = batch.nextStartIndex();
            }
        }
        return Arrays.copyOf(seen, count);
    }

    /**
     * Builder with required {@code setBackbone}, {@code setHookPoint}, {@code setDictionary} and
     * {@code setImages}; by default every image is scanned in batches of 64 with one loader thread per core
     * but one.
     */
    public static final class Builder {
        private Backbone backbone;
        private String hookPoint;
        private Dictionary dictionary;
        private ImageSource images;
        private int from;
        private int to = -1;
        private int batchSize = 64;
        private int threads;
        private Consumer<ImageBatch> observer = batch -> { };

        private Builder() {
        }

        public Builder setBackbone(Backbone backbone) {
            this.backbone = backbone;
            return this;
        }

        public Builder setHookPoint(String hookPoint) {
            this.hookPoint = hookPoint;
            return this;
        }

        public Builder setDictionary(Dictionary dictionary) {
            this.dictionary = dictionary;
            return this;
        }

        public Builder setImages(ImageSource images) {
            this.images = images;
            return this;
        }

        /** Scans only the images of source indices {@code [from, to)}. */
        public Builder optRange(int from, int to) {
            this.from = from;
            this.to = to;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw ConfigException.outOfRange("concept scan batch size", batchSize, ">= 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Image decoding threads, 0 for one per core but one. */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw ConfigException.outOfRange("concept scan loader threads", threads, ">= 0");
            }
            this.threads = threads;
            return this;
        }

        /** Sees every decoded batch after its maps were added (e.g. to copy some images). */
        public Builder optBatchObserver(Consumer<ImageBatch> observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public LocalConceptScanner build() {
            Objects.requireNonNull(backbone, "backbone (setBackbone)");
            Objects.requireNonNull(hookPoint, "hook point (setHookPoint)");
            Objects.requireNonNull(dictionary, "dictionary (setDictionary)");
            Objects.requireNonNull(images, "images (setImages)");
            int end = to < 0 ? images.size() : to;
            if (from < 0 || from > end || end > images.size()) {
                throw ConfigException.outOfRange("concept scan range", "[" + from + ", " + end + ")",
                        "within [0, " + images.size() + "]");
            }
            return new LocalConceptScanner(this);
        }
    }
}
