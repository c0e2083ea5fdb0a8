package dev.facet.dictionaries.nmf;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;

/** Seeded test matrices with entries uniform on [0, 1): non-negative inputs for the NMF tests. */
final class UniformMatrices {

    private UniformMatrices() {
    }

    static FloatMatrix of(int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        return new FloatMatrix(rows, cols, data);
    }
}
