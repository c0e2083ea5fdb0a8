package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansPlusPlusTest {

    @Test
    void theSecondCentreIsTheOtherPointOfTwo() {
        // After the first centre, the chosen point has D² = 0 and the other D² = 100: it must come next.
        FloatMatrix x = FloatMatrix.of(new float[][] {{0, 0}, {10, 0}});
        for (long seed = 0; seed < 10; seed++) {
            FloatMatrix centres = KMeansPlusPlus.seed(x, 2, new SplittableRandom(seed));
            assertEquals(10, Math.abs(centres.get(0, 0) - centres.get(1, 0)), 0);
        }
    }

    @Test
    void coincidingRowsFallBackToUniformDraws() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{1, 2}, {1, 2}, {1, 2}});
        FloatMatrix centres = KMeansPlusPlus.seed(x, 3, new SplittableRandom(1));
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, centres.data(), 0);
        assertThrows(InvalidDataException.class, () -> KMeansPlusPlus.seed(FloatMatrix.zeros(0, 2), 1,
                new SplittableRandom(1)));
    }

    @Test
    void vectorKernelsAddUpByHand() {
        float[] a = {1, 2, 3, 4, 5};
        float[] b = {0, 2, -1, 1, 2, 0.5f};
        // a·b[1..5] = 2 − 2 + 3 + 8 + 2.5
        assertEquals(13.5f, Matrices.dot(a, 0, b, 1, 5), 0);
        assertEquals(1 * 2 + 2 * -1, Matrices.dot(a, 0, b, 1, 2), 0);
        // (1−0)² + (2−2)² + (3+1)² = 17
        assertEquals(17, Matrices.squaredDistance(a, 0, b, 0, 3), 0);
    }
}
