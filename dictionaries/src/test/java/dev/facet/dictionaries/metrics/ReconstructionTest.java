package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class ReconstructionTest {

    private static final FloatMatrix X = FloatMatrix.of(new float[][] {{0, 10}, {2, 10}, {1, 13}, {1, 7}});

    @Test
    void r2IsOneForAPerfectReconstruction() {
        assertEquals(1.0, Reconstruction.r2(X, X), 0);
        assertEquals(0.0, Reconstruction.fvu(X, X), 0);
    }

    @Test
    void r2IsZeroWhenPredictingThePerFeatureMean() {
        FloatMatrix mean = FloatMatrix.of(new float[][] {{1, 10}, {1, 10}, {1, 10}, {1, 10}});
        assertEquals(0.0, Reconstruction.r2(X, mean), 1e-12);
        assertEquals(1.0, Reconstruction.fvu(X, mean), 1e-12);
        // The Python r2_score defect centres with the scalar mean of all entries (5.5): its
        // denominator Σ(x − 5.5)² = 182 instead of Σ‖x − μ‖² = 20, so it reports R² = 1 − 20/182
        // for the same useless reconstruction.
        double scalarMean = 44 / 8.0;
        double scalarTotal = 0;
        for (float v : X.data()) {
            scalarTotal += (v - scalarMean) * (v - scalarMean);
        }
        assertEquals(182, scalarTotal, 1e-12);
        assertEquals(20, Reconstruction.totalSquares(X), 1e-12);
        double scalarR2 = 1 - Reconstruction.squaredError(X, mean) / scalarTotal;
        assertEquals(1 - 20 / 182.0, scalarR2, 1e-12);
        assertTrue(scalarR2 > 0.89, "the scalar-mean version credits the mean predictor with R² " + scalarR2);
    }

    @Test
    void r2OfAPartialReconstruction() {
        FloatMatrix xHat = FloatMatrix.of(new float[][] {{0, 10}, {2, 10}, {1, 12}, {1, 8}});
        assertEquals(1 - 2 / 20.0, Reconstruction.r2(X, xHat), 1e-12);
    }

    @Test
    void averageAndRelativeLosses() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{3, 4}, {1, 0}});
        FloatMatrix xHat = FloatMatrix.of(new float[][] {{0, 0}, {1, 1}});
        assertEquals((5 + 1) / 2.0, Reconstruction.avgL2Loss(x, xHat), 1e-12);
        assertEquals((7 + 1) / 2.0, Reconstruction.avgL1Loss(x, xHat), 1e-12);
        assertEquals((5 / (5 + 1e-6) + 1 / (1 + 1e-6)) / 2, Reconstruction.relativeAvgL2Loss(x, xHat), 1e-12);
        assertEquals((7 / (7 + 1e-6) + 1 / (1 + 1e-6)) / 2, Reconstruction.relativeAvgL1Loss(x, xHat), 1e-12);
    }

    @Test
    void shapeMismatchAndEmptyInputAreRejected() {
        var e = assertThrows(InvalidDataException.class,
                () -> Reconstruction.r2(X, FloatMatrix.zeros(4, 3)));
        assertTrue(e.getMessage().contains("expected the input's shape 4x2"), e.getMessage());
        assertThrows(InvalidDataException.class, () -> Reconstruction.avgL2Loss(FloatMatrix.zeros(0, 2),
                FloatMatrix.zeros(0, 2)));
    }
}
