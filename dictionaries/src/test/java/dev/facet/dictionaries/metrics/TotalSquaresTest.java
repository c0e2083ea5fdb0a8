package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TotalSquaresTest {

    @Test
    void batchesMergeToTheTwoPassSums() {
        Random random = new Random(4);
        int n = 250;
        int d = 7;
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (1000 + random.nextGaussian());
        }
        FloatMatrix x = new FloatMatrix(n, d, data);
        TotalSquares squares = new TotalSquares(d);
        for (int from = 0; from < n; from += 37) {
            squares.add(x.rows(from, Math.min(n, from + 37)));
        }
        squares.add(FloatMatrix.zeros(0, d));
        double norm = 0;
        for (float v : data) {
            norm += (double) v * v;
        }
        assertEquals(n, squares.rows());
        assertEquals(Reconstruction.totalSquares(x), squares.totalSquares(), 1e-9 * Reconstruction.totalSquares(x));
        assertEquals(norm, squares.squaredNorm(), 1e-12 * norm);
        assertEquals(1 - 5 / squares.totalSquares(), squares.r2(5), 1e-15);
    }
}
