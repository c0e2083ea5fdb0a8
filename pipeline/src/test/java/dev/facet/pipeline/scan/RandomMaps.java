package dev.facet.pipeline.scan;

import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random sparse concept maps of a stream of images for the streaming tests, as one dense
 * (images·h·w) × concepts matrix that can be cut into batches of any size.
 */
final class RandomMaps {
    final int images;
    final int height;
    final int width;
    final int concepts;
    final FloatMatrix dense;

    /**
     * Each (token, concept) code is non-zero with probability {@code density}; values are small
     * integers (so scores tie often) or, when {@code continuous}, uniform in (0, 10).
     */
    RandomMaps(int images, int height, int width, int concepts, double density, boolean continuous, long seed) {
        this.images = images;
        this.height = height;
        this.width = width;
        this.concepts = concepts;
        this.dense = FloatMatrix.zeros(images * height * width, concepts);
        Random random = new Random(seed);
        // concept i is active on a share of images that falls with i, so some concepts fire rarely
        for (int image = 0; image < images; image++) {
            for (int concept = 0; concept < concepts; concept++) {
                if (random.nextInt(concepts) < concept) {
                    continue;
                }
                for (int cell = 0; cell < height * width; cell++) {
                    if (random.nextDouble() < density) {
                        float value = continuous ? 10 * (1 - random.nextFloat()) : 1 + random.nextInt(4);
                        dense.set(image * height * width + cell, concept, value);
                    }
                }
            }
        }
    }

    int cells() {
        return height * width;
    }

    /** The code of {@code concept} at grid cell {@code cell} of {@code image}. */
    float code(int image, int concept, int cell) {
        return dense.get(image * cells() + cell, concept);
    }

    /** The map of one concept on one image. */
    FloatMatrix map(int image, int concept) {
        float[] out = new float[cells()];
        for (int cell = 0; cell < out.length; cell++) {
            out[cell] = code(image, concept, cell);
        }
        return new FloatMatrix(height, width, out);
    }

    /** Images {@code [from, to)} as one batch. */
    ConceptMapBatch batch(int from, int to) {
        return new ConceptMapBatch(Codes.fromDense(dense.rows(from * cells(), to * cells())), to - from, height, width);
    }

    /** The images cut into consecutive batches of {@code size} (the last one shorter). */
    List<ConceptMapBatch> batches(int size) {
        List<ConceptMapBatch> out = new ArrayList<>();
        for (int from = 0; from < images; from += size) {
            out.add(batch(from, Math.min(images, from + size)));
        }
        return out;
    }
}
