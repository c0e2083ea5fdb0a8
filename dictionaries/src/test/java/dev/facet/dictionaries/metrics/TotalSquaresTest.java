package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.InvalidDataException;
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

    @Test
    void accumulationsOfPartsMergeToOnePass() {
        Random random = new Random(9);
        int n = 301;
        int d = 5;
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (300 + 3 * random.nextGaussian());
        }
        FloatMatrix x = new FloatMatrix(n, d, data);
        TotalSquares whole = new TotalSquares(d);
        whole.add(x);
        int[] cuts = {0, 1, 40, 40, 173, 300, n};
        TotalSquares merged = new TotalSquares(d);
        for (int p = 0; p + 1 < cuts.length; p++) {
            TotalSquares part = new TotalSquares(d);
            for (int from = cuts[p]; from < cuts[p + 1]; from += 16) {
                part.add(x.rows(from, Math.min(cuts[p + 1], from + 16)));
            }
            merged.merge(part);
        }
        assertEquals(n, merged.rows());
        assertEquals(whole.totalSquares(), merged.totalSquares(), 1e-12 * whole.totalSquares());
        assertEquals(whole.squaredNorm(), merged.squaredNorm(), 1e-12 * whole.squaredNorm());
        assertThrows(InvalidDataException.class, () -> merged.merge(new TotalSquares(d + 1)));
    }
}
