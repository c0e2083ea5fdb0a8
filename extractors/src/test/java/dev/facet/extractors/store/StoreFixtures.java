package dev.facet.extractors.store;

import dev.facet.spi.dictionary.BatchStream;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metadata, deterministic token values and helpers shared by the store tests. */
final class StoreFixtures {

    private StoreFixtures() {
    }

    static StoreMetadata metadata(StoreDtype dtype, int tokensPerImage, int dim, int rowsPerShard) {
        Map<String, Object> preprocessing = new LinkedHashMap<>();
        preprocessing.put("resize", 32);
        preprocessing.put("mean", List.of(0.5, 0.5, 0.5));
        return StoreMetadata.of("tiny-vit", "blocks.2", "patch", tokensPerImage, dim, dtype, rowsPerShard,
                preprocessing);
    }

    static String imageId(long image) {
        return "img-" + image;
    }

    /**
     * The tokens of image {@code image}: column 0 holds the row's global index (exact in float16
     * below 2048), the other columns a smooth function of image, token and column.
     */
    static FloatMatrix tokens(long image, int tokensPerImage, int dim) {
        float[] data = new float[tokensPerImage * dim];
        for (int t = 0; t < tokensPerImage; t++) {
            data[t * dim] = image * tokensPerImage + t;
            for (int d = 1; d < dim; d++) {
                data[t * dim + d] = (float) Math.sin(image * 7.1 + t * 1.3 + d * 0.37);
            }
        }
        return new FloatMatrix(tokensPerImage, dim, data);
    }

    /** Every row of images {@code [0, images)} in store order. */
    static FloatMatrix expectedRows(long images, int tokensPerImage, int dim) {
        List<FloatMatrix> parts = new ArrayList<>();
        for (long i = 0; i < images; i++) {
            parts.add(tokens(i, tokensPerImage, dim));
        }
        return concat(parts, dim);
    }

    /** Writes images {@code [0, images)} to a new store in {@code dir} and finishes it. */
    static void writeStore(Path dir, StoreMetadata metadata, int images) {
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(dir, metadata)) {
            appendRange(writer, 0, images);
            writer.finish();
        }
    }

    static void appendRange(ActivationStoreWriter writer, long from, long to) {
        StoreMetadata metadata = writer.manifest().metadata();
        for (long i = from; i < to; i++) {
            writer.append(imageId(i), tokens(i, metadata.tokensPerImage(), metadata.dim()));
        }
    }

    /** Every batch of {@code stream}, concatenated; closes the stream. */
    static FloatMatrix drain(BatchStream stream, int dim) {
        List<FloatMatrix> batches = new ArrayList<>();
        try (stream) {
            while (stream.hasNext()) {
                batches.add(stream.next());
            }
        }
        return concat(batches, dim);
    }

    /** The value of column 0 of every row: the row's index in store order. */
    static int[] rowIndices(FloatMatrix rows) {
        int[] indices = new int[rows.rows()];
        for (int r = 0; r < rows.rows(); r++) {
            indices[r] = (int) rows.get(r, 0);
        }
        return indices;
    }

    /** All image ids of a store, shard by shard. */
    static List<String> allImageIds(ActivationStore store) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < store.shards().size(); i++) {
            ids.addAll(store.imageIds(i));
        }
        return ids;
    }

    static List<String> imageIds(long from, long to) {
        List<String> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(imageId(i));
        }
        return ids;
    }

    static FloatMatrix concat(List<FloatMatrix> parts, int dim) {
        int rows = parts.stream().mapToInt(FloatMatrix::rows).sum();
        float[] data = new float[rows * dim];
        int offset = 0;
        for (FloatMatrix part : parts) {
            System.arraycopy(part.data(), 0, data, offset, part.data().length);
            offset += part.data().length;
        }
        return new FloatMatrix(rows, dim, data);
    }
}
