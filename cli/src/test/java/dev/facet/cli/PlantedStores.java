package dev.facet.cli;

import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic float32 activation stores for the training tests, written image by image. */
final class PlantedStores {
    /** Planted atoms the rows are made of. */
    static final int ATOMS = 256;
    /** Atoms summed in each row. */
    static final int ACTIVE = 8;

    private PlantedStores() {
    }

    /**
     * Writes a finished store of {@code images} images of {@code tokens} rows of width {@code dim}:
     * each row a sum of {@link #ACTIVE} of {@link #ATOMS} fixed random unit atoms with coefficients
     * in [0.5, 1.5), plus uniform noise of ±0.01. Only one image and the writer's one-shard buffer
     * are in memory at a time, so a store far larger than the heap can be written.
     */
    static void write(Path store, int images, int tokens, int dim, int rowsPerShard, long seed) {
        write(store, images, tokens, dim, rowsPerShard, seed, false);
    }

    /**
     * As {@link #write(Path, int, int, int, int, long)} with non-negative atoms (entries uniform in
     * [0, 1) before normalising) and noise in [0, 0.01), so every value is ≥ 0: input for NMF.
     */
    static void writeNonNegative(Path store, int images, int tokens, int dim, int rowsPerShard, long seed) {
        write(store, images, tokens, dim, rowsPerShard, seed, true);
    }

    private static void write(Path store, int images, int tokens, int dim, int rowsPerShard, long seed,
                              boolean nonNegative) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] atoms = new float[ATOMS * dim];
        for (int a = 0; a < ATOMS; a++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float v = (float) (nonNegative ? random.nextDouble() : random.nextDouble() * 2 - 1);
                atoms[a * dim + j] = v;
                norm += v * v;
            }
            for (int j = 0; j < dim; j++) {
                atoms[a * dim + j] /= (float) Math.sqrt(norm);
            }
        }
        StoreMetadata metadata = StoreMetadata.of("synthetic", "planted", "patch", tokens, dim, StoreDtype.FLOAT32,
                rowsPerShard, Map.of());
        try (ActivationStoreWriter writer = ActivationStoreWriter.create(store, metadata)) {
            float[] rows = new float[tokens * dim];
            for (int image = 0; image < images; image++) {
                for (int t = 0; t < tokens; t++) {
                    int base = t * dim;
                    for (int j = 0; j < dim; j++) {
                        double u = random.nextDouble();
                        rows[base + j] = (float) (nonNegative ? 0.01 * u : 0.02 * (u - 0.5));
                    }
                    for (int i = 0; i < ACTIVE; i++) {
                        int atom = random.nextInt(ATOMS);
                        float value = (float) (random.nextDouble() + 0.5);
                        for (int j = 0; j < dim; j++) {
                            rows[base + j] += value * atoms[atom * dim + j];
                        }
                    }
                }
                writer.append("img-" + image, new FloatMatrix(tokens, dim, rows));
            }
            writer.finish();
        }
    }

    /** Bytes of all shard files of {@code store} (the .npy data, without sidecars and manifest). */
    static long shardBytes(Path store) throws java.io.IOException {
        long bytes = 0;
        try (var files = Files.list(store)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".npy")).toList()) {
                bytes += Files.size(file);
            }
        }
        return bytes;
    }

    /** The {@code java} launcher of the running JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
