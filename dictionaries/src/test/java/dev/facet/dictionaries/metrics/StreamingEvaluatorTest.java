package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class StreamingEvaluatorTest {

    /** Codes of rows [from, to). */
    private static Codes slice(Codes codes, int from, int to) {
        return Codes.fromDense(codes.toDense().rows(from, to));
    }

    @Test
    void streamingEqualsBatchResults() {
        int n = 103;
        PlantedDictionary planted = PlantedDictionary.generate(n, 12, 30, 3, 0.05, 11);
        FloatMatrix x = planted.data();
        // offset every feature far from 0, so a naive Σx² − n·μ² would lose digits
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] += 50f + (i % 12);
        }
        // reconstruction: the planted codes through the atoms, plus the offset (misses the noise)
        FloatMatrix z = planted.codes().toDense();
        FloatMatrix xHat = FloatMatrix.zeros(n, 12);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 30; c++) {
                for (int j = 0; j < 12; j++) {
                    xHat.data()[i * 12 + j] += z.get(i, c) * planted.atoms().get(c, j);
                }
            }
            for (int j = 0; j < 12; j++) {
                xHat.data()[i * 12 + j] += 50f + ((i * 12 + j) % 12);
            }
        }
        Codes codes = planted.codes();
        StreamingEvaluator streaming = new StreamingEvaluator(12, 30);
        for (int from = 0; from < n; from += 10) {
            int to = Math.min(n, from + 10);
            streaming.add(x.rows(from, to), slice(codes, from, to), xHat.rows(from, to));
        }
        StreamingEvaluator.Evaluation e = streaming.result();
        assertEquals(n, e.rows());
        double r2 = Reconstruction.r2(x, xHat);
        assertTrue(r2 > 0.9 && r2 < 1, "planted R² " + r2);
        assertEquals(r2, e.r2(), 1e-9);
        assertEquals(1 - r2, e.fvu(), 1e-9);
        assertEquals(Reconstruction.totalSquares(x), e.totalSquares(), 1e-9 * e.totalSquares());
        assertEquals(Reconstruction.avgL2Loss(x, xHat), e.avgL2Loss(), 1e-12);
        assertEquals(Reconstruction.avgL1Loss(x, xHat), e.avgL1Loss(), 1e-12);
        assertEquals(Reconstruction.relativeAvgL2Loss(x, xHat), e.relativeAvgL2Loss(), 1e-12);
        assertEquals(Reconstruction.relativeAvgL1Loss(x, xHat), e.relativeAvgL1Loss(), 1e-12);
        assertEquals(3.0, e.l0(), 0);
        assertEquals(CodeStatistics.meanL0(codes), e.l0(), 0);
        assertArrayEquals(CodeStatistics.deadCodes(codes), e.deadCodes());
        assertEquals(CodeStatistics.deadCodes(codes).length / 30.0, e.deadFraction(), 0);
        assertArrayEquals(CodeStatistics.firingDensity(codes), e.density(), 1e-15);
        assertEquals(Sparsity.hoyer(codes), e.codesHoyer(), 1e-12);
        assertEquals(Sparsity.kappa4(codes), e.codesKappa4(), 1e-12);
        assertArrayEquals(CodeStatistics.energy(codes, planted.atoms()), e.energy(planted.atoms()), 1e-12);
        DensityHistogram h = e.densityHistogram(0.5);
        long binned = h.dead();
        for (long count : h.counts()) {
            binned += count;
        }
        assertEquals(30, binned);
    }

    @Test
    void perfectReconstructionAndMeanPredictor() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{0, 10}, {2, 10}, {1, 13}, {1, 7}});
        Codes codes = Codes.fromDense(FloatMatrix.of(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 0}}));
        StreamingEvaluator perfect = new StreamingEvaluator(2, 2);
        perfect.add(x.rows(0, 1), slice(codes, 0, 1), x.rows(0, 1));
        perfect.add(x.rows(1, 4), slice(codes, 1, 4), x.rows(1, 4));
        assertEquals(1.0, perfect.result().r2(), 0);
        StreamingEvaluator mean = new StreamingEvaluator(2, 2);
        FloatMatrix mu = FloatMatrix.of(new float[][] {{1, 10}, {1, 10}});
        mean.add(x.rows(0, 2), slice(codes, 0, 2), mu);
        mean.add(x.rows(2, 4), slice(codes, 2, 4), mu);
        assertEquals(0.0, mean.result().r2(), 1e-12);
        assertEquals(0.75, mean.result().l0(), 0);
    }

    @Test
    void badBatchesAreRejected() {
        StreamingEvaluator evaluator = new StreamingEvaluator(2, 3);
        Codes codes = Codes.fromDense(FloatMatrix.zeros(2, 3));
        var wrongWidth = assertThrows(InvalidDataException.class,
                () -> evaluator.add(FloatMatrix.zeros(2, 4), codes, FloatMatrix.zeros(2, 4)));
        assertTrue(wrongWidth.getMessage().contains("expected 2"), wrongWidth.getMessage());
        assertThrows(InvalidDataException.class,
                () -> evaluator.add(FloatMatrix.zeros(2, 2), codes, FloatMatrix.zeros(1, 2)));
        assertThrows(InvalidDataException.class, evaluator::result);
    }

    @Test
    void evaluatorsOfPartsMergeToOnePass() {
        int n = 157;
        PlantedDictionary planted = PlantedDictionary.generate(n, 10, 24, 3, 0.05, 5);
        FloatMatrix x = planted.data();
        Codes codes = planted.codes();
        FloatMatrix xHat = FloatMatrix.zeros(n, 10);
        StreamingEvaluator whole = new StreamingEvaluator(10, 24);
        whole.add(x, codes, xHat);
        int[] cuts = {0, 3, 3, 64, 100, 156, n};
        StreamingEvaluator merged = new StreamingEvaluator(10, 24);
        for (int p = 0; p + 1 < cuts.length; p++) {
            StreamingEvaluator part = new StreamingEvaluator(10, 24);
            for (int from = cuts[p]; from < cuts[p + 1]; from += 7) {
                int to = Math.min(cuts[p + 1], from + 7);
                part.add(x.rows(from, to), slice(codes, from, to), xHat.rows(from, to));
            }
            merged.merge(part);
        }
        StreamingEvaluator.Evaluation a = whole.result();
        StreamingEvaluator.Evaluation b = merged.result();
        assertEquals(a.rows(), b.rows());
        assertEquals(a.l0(), b.l0(), 0);
        assertArrayEquals(a.deadCodes(), b.deadCodes());
        assertArrayEquals(a.density(), b.density(), 0);
        double[][] sums = {{a.r2(), b.r2()}, {a.squaredError(), b.squaredError()}, {a.totalSquares(), b.totalSquares()},
            {a.avgL2Loss(), b.avgL2Loss()}, {a.avgL1Loss(), b.avgL1Loss()}, {a.relativeAvgL2Loss(), b.relativeAvgL2Loss()},
            {a.relativeAvgL1Loss(), b.relativeAvgL1Loss()}, {a.codesHoyer(), b.codesHoyer()},
            {a.codesKappa4(), b.codesKappa4()}};
        for (double[] pair : sums) {
            assertEquals(pair[0], pair[1], 1e-12 * Math.abs(pair[0]));
        }
        assertArrayEquals(a.meanCodes(), b.meanCodes(), 1e-12);
        assertThrows(InvalidDataException.class, () -> merged.merge(new StreamingEvaluator(10, 25)));
    }
}
