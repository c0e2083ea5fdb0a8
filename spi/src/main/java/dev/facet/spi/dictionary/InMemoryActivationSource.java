package dev.facet.spi.dictionary;

import dev.facet.spi.ConfigException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/** An {@link ActivationSource} over a heap matrix; shuffled passes use a seeded Fisher–Yates order. */
public final class InMemoryActivationSource implements ActivationSource {
    private final FloatMatrix matrix;

    public InMemoryActivationSource(FloatMatrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public int dim() {
        return matrix.cols();
    }

    @Override
    public long rows() {
        return matrix.rows();
    }

    @Override
    public BatchStream openBatches(int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw ConfigException.outOfRange("batch size", batchSize, ">= 1");
        }
        int[] order = new int[matrix.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        return new BatchStream() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public FloatMatrix next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("No more batches");
                }
                int rows = Math.min(batchSize, order.length - next);
                int cols = matrix.cols();
                float[] batch = new float[rows * cols];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(matrix.data(), order[next + r] * cols, batch, r * cols, cols);
                }
                next += rows;
                return new FloatMatrix(rows, cols, batch);
            }

            @Override
            public void close() {
                next = order.length;
            }
        };
    }
}
