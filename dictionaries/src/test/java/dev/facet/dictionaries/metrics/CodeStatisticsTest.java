package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.Codes;
import dev.facet.spi.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class CodeStatisticsTest {

    /** 4 rows over 5 concepts: concept 0 fires 4×, 1 fires 2×, 2 once, 3 and 4 never. */
    private static final Codes CODES = Codes.fromDense(FloatMatrix.of(new float[][] {
        {1, 2, 0, 0, 0},
        {1, 0, 0, 0, 0},
        {2, 4, 0, 0, 0},
        {2, 0, 3, 0, 0}}));

    @Test
    void l0FiringsDeadCodesAndDensity() {
        assertEquals(7 / 4.0, CodeStatistics.meanL0(CODES), 1e-12);
        assertArrayEquals(new long[] {4, 2, 1, 0, 0}, CodeStatistics.firingCounts(CODES));
        assertArrayEquals(new int[] {3, 4}, CodeStatistics.deadCodes(CODES));
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0, 0}, CodeStatistics.firingDensity(CODES), 1e-12);
    }

    @Test
    void storedZerosDoNotFire() {
        Codes withZero = new Codes(1, 3, new int[] {0, 2}, new int[] {0, 2}, new float[] {0f, 1f});
        assertArrayEquals(new long[] {0, 0, 1}, CodeStatistics.firingCounts(withZero));
        assertEquals(1.0, CodeStatistics.meanL0(withZero), 0);
    }

    @Test
    void densityHistogramInLog10Bins() {
        DensityHistogram h = DensityHistogram.of(new double[] {1, 0.5, 0.25, 0.01, 0, 0}, 1.0);
        assertArrayEquals(new double[] {-2, -1, 0}, h.edges(), 1e-12);
        // log10: 0, -0.30, -0.60 in [-1, 0]; -2 in [-2, -1)
        assertArrayEquals(new long[] {1, 3}, h.counts());
        assertEquals(2, h.dead());
        assertThrows(InvalidDataException.class, () -> DensityHistogram.of(new double[] {1.5}, 1));
    }

    @Test
    void correlationFindsTheMostCorrelatedPair() {
        // concepts 0 and 1 perfectly anti-correlated, concept 2 independent-ish, concept 3 dead
        Codes codes = Codes.fromDense(FloatMatrix.of(new float[][] {
            {1, 3, 1, 0},
            {2, 2, 0, 0},
            {3, 1, 0, 0},
            {4, 0, 1, 0}}));
        assertEquals(1.0, CodeStatistics.maxCorrelation(codes), 1e-6);
        Codes uncorrelated = Codes.fromDense(FloatMatrix.of(new float[][] {
            {1, 1, 0},
            {1, -1, 0},
            {-1, 1, 0},
            {-1, -1, 0}}));
        assertEquals(0.0, CodeStatistics.maxCorrelation(uncorrelated), 1e-6);
    }

    @Test
    void energyIsTheNormOfTheMeanContribution() {
        FloatMatrix atoms = FloatMatrix.of(new float[][] {{3, 4}, {0, 2}, {1, 0}, {1, 1}, {5, 5}});
        double[] energy = CodeStatistics.energy(CODES, atoms);
        assertArrayEquals(new double[] {1.5 * 5, 1.5 * 2, 0.75 * 1, 0, 0}, energy, 1e-12);
        assertThrows(InvalidDataException.class, () -> CodeStatistics.energy(CODES, FloatMatrix.zeros(4, 2)));
    }

    @Test
    void collinearityOfAtoms() {
        FloatMatrix orthogonal = FloatMatrix.of(new float[][] {{1, 0, 0}, {0, 2, 0}, {0, 0, -1}});
        assertEquals(0.0, AtomGeometry.collinearity(orthogonal), 1e-7);
        FloatMatrix parallel = FloatMatrix.of(new float[][] {{1, 0, 0}, {0, 1, 1}, {-2, 0, 0}});
        assertEquals(1.0, AtomGeometry.collinearity(parallel), 1e-6);
        FloatMatrix angled = FloatMatrix.of(new float[][] {{1, 0}, {1, 1}});
        assertEquals(Math.sqrt(0.5), AtomGeometry.collinearity(angled), 1e-6);
        assertTrue(Double.isNaN(AtomGeometry.collinearity(FloatMatrix.of(new float[][] {{1, 0}}))));
    }

    @Test
    void collinearityAcrossBlocksEqualsBruteForce() {
        int c = AtomGeometry.BLOCK + 300;
        int d = 24;
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        FloatMatrix atoms = FloatMatrix.zeros(c, d);
        for (int i = 0; i < atoms.data().length; i++) {
            atoms.data()[i] = (float) (random.nextDouble() - 0.5);
        }
        double brute = 0;
        for (int i = 0; i < c; i++) {
            for (int j = i + 1; j < c; j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int q = 0; q < d; q++) {
                    dot += atoms.get(i, q) * atoms.get(j, q);
                    ni += atoms.get(i, q) * atoms.get(i, q);
                    nj += atoms.get(j, q) * atoms.get(j, q);
                }
                brute = Math.max(brute, Math.abs(dot) / Math.sqrt(ni * nj));
            }
        }
        assertEquals(brute, AtomGeometry.collinearity(atoms), 1e-5);
        // atom 1200 (second block) becomes -3 x atom 5 (first block)
        for (int q = 0; q < d; q++) {
            atoms.set(c - 100, q, -3 * atoms.get(5, q));
        }
        assertEquals(1.0, AtomGeometry.collinearity(atoms), 1e-6);
    }
}
