package dev.facet.pipeline;

import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImageItem;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.Tensor;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The dataset sample a feature visualization gets for its natural-image statistics (MACO's magnitude
 * spectrum, Fel et al. 2023, "Unlocking Feature Visualization for Deeper Networks with MAgnitude
 * Constrained Optimization"): the preprocessed pixels of up to {@value #MAX_IMAGES} images of a source,
 * chosen uniformly without replacement by a seed, in source order, at most {@value #MAX_VALUES} values
 * (64 MiB). The chosen images are copied from the batches of a pass that reads the source anyway, so the
 * sample costs no second read, or, when that pass runs elsewhere, {@link #read} alone; an unreadable
 * chosen image is left out. See docs/algorithms.md#pictures.
 */
final class DatasetSample {

    /** Images in a sample at most. */
    static final int MAX_IMAGES = 256;
    /** Pixel values in a sample at most: 2²⁴ floats, 64 MiB. */
    static final int MAX_VALUES = 1 << 24;

    private final BitSet chosen;
    private final int valuesPerImage;
    private final long[] imageShape;
    private final float[] pixels;
    private int count;

    private DatasetSample(BitSet chosen, int capacity, InputSpec input) {
        this.chosen = chosen;
        this.imageShape = new long[] {input.channels(), input.height(), input.width()};
        this.valuesPerImage = input.channels() * input.height() * input.width();
        this.pixels = new float[Math.multiplyExact(capacity, valuesPerImage)];
    }

    /**
     * Chooses the images of a source of {@code size} images for a model taking {@code input}: all of
     * them when they fit, else a uniform choice by {@code seed}.
     */
    static DatasetSample choose(int size, InputSpec input, long seed) {
        int valuesPerImage = input.channels() * input.height() * input.width();
        int capacity = Math.min(size, Math.min(MAX_IMAGES, Math.max(1, MAX_VALUES / valuesPerImage)));
        BitSet chosen = new BitSet(size);
        if (capacity == size) {
            chosen.set(0, size);
        } else {
            // Floyd's algorithm: `capacity` distinct indices of [0, size), uniformly, in O(capacity).
            SplittableRandom random = new SplittableRandom(seed);
            for (int j = size - capacity; j < size; j++) {
                int t = random.nextInt(j + 1);
                chosen.set(chosen.get(t) ? j : t);
            }
        }
        return new DatasetSample(chosen, capacity, input);
    }

    /** Copies the chosen images of {@code batch}. */
    void accept(ImageBatch batch) {
        float[] data = batch.pixels().data();
        int[] indices = batch.sourceIndices();
        for (int i = 0; i < indices.length; i++) {
            if (chosen.get(indices[i])) {
                System.arraycopy(data, i * valuesPerImage, pixels, count * valuesPerImage, valuesPerImage);
                count++;
            }
        }
    }

    /**
     * Reads just the chosen images of {@code images} (the source the sample was chosen for), in source
     * order, for a model taking {@code input}.
     */
    void read(ImageSource images, InputSpec input, int batchSize, int threads, CancellationToken cancellation) {
        int[] indices = chosen.stream().toArray();
        ImageSource subset = new Chosen(images, indices);
        int loaderThreads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        try (ImageBatchLoader loader = ImageBatchLoader.open(subset, new ImagePreprocessor(input),
                LoaderOptions.withBatchSize(batchSize).withThreads(loaderThreads), cancellation)) {
            while (loader.hasNext()) {
                ImageBatch batch = loader.next();
                float[] data = batch.pixels().data();
                System.arraycopy(data, 0, pixels, count * valuesPerImage, batch.size() * valuesPerImage);
                count += batch.size();
            }
        }
    }

    /** The chosen items of a source, in its order. */
    private record Chosen(ImageSource source, int[] indices) implements ImageSource {
        @Override
        public String name() {
            return source.name();
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public ImageItem item(int index) {
            return source.item(indices[index]);
        }

        @Override
        public boolean hasLabels() {
            return source.hasLabels();
        }
    }

    /** The sampled pixels (n, c, h, w), or {@code null} when no chosen image could be read. */
    Tensor pixels() {
        if (count == 0) {
            return null;
        }
        return new Tensor(new long[] {count, imageShape[0], imageShape[1], imageShape[2]},
                Arrays.copyOf(pixels, count * valuesPerImage));
    }
}
