package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestConceptsTest {

    private static FloatMatrix gaussian(int c, int d, long seed) {
        Random random = new Random(seed);
        float[] data = new float[c * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return new FloatMatrix(c, d, data);
    }

    private static double cosine(FloatMatrix atoms, int i, int j) {
        double dot = 0;
        double ni = 0;
        double nj = 0;
        for (int q = 0; q < atoms.cols(); q++) {
            dot += (double) atoms.get(i, q) * atoms.get(j, q);
            ni += (double) atoms.get(i, q) * atoms.get(i, q);
            nj += (double) atoms.get(j, q) * atoms.get(j, q);
        }
        return dot / Math.sqrt(ni * nj);
    }

    private static boolean isZero(FloatMatrix atoms, int i) {
        return IntStream.range(0, atoms.cols()).allMatch(q -> atoms.get(i, q) == 0f);
    }

    /** Brute force: every other non-zero atom sorted by double cosine (descending), then id. */
    private static Integer[] bruteForce(FloatMatrix atoms, int atom, int k) {
        if (isZero(atoms, atom)) {
            return new Integer[0];
        }
        return IntStream.range(0, atoms.rows()).filter(j -> j != atom && !isZero(atoms, j)).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> -cosine(atoms, atom, j)).thenComparingInt(j -> j))
                .limit(k).toArray(Integer[]::new);
    }

    /**
     * Equal to brute force up to float rounding: same cosines at each rank, and each listed id has
     * the cosine the list claims (near-ties may swap).
     */
    private static void assertMatchesBruteForce(FloatMatrix atoms, NearestConcepts nearest, int k) {
        for (int atom = 0; atom < atoms.rows(); atom++) {
            Integer[] expected = bruteForce(atoms, atom, k);
            int[] ids = nearest.ids(atom);
            float[] cosines = nearest.cosines(atom);
            assertEquals(expected.length, ids.length, "neighbours of atom " + atom);
            for (int r = 0; r < ids.length; r++) {
                assertEquals(cosine(atoms, atom, expected[r]), cosines[r], 1e-5, "cosine of rank " + r + " of atom " + atom);
                assertEquals(cosine(atoms, atom, ids[r]), cosines[r], 1e-5, "id of rank " + r + " of atom " + atom);
                assertTrue(r == 0 || cosines[r] <= cosines[r - 1], "cosines non-increasing for atom " + atom);
            }
            assertEquals(ids.length, Arrays.stream(ids).distinct().count(), "distinct ids of atom " + atom);
        }
    }

    @Test
    void equalsBruteForceForSeveralBlockSizes() {
        FloatMatrix atoms = gaussian(150, 12, 7);
        for (int block : new int[] {1, 7, 64, 150, 1024}) {
            assertMatchesBruteForce(atoms, NearestConcepts.of(atoms, 5, block), 5);
        }
        assertMatchesBruteForce(atoms, NearestConcepts.of(atoms, 5), 5);
    }

    @Test
    void exactTiesGoToTheLowerId() {
        // atoms 1, 3 and 4 are the same direction, so atom 0 sees them at equal cosine
        FloatMatrix atoms = FloatMatrix.of(new float[][] {
            {1, 0, 0}, {1, 1, 0}, {0, 0, 1}, {2, 2, 0}, {0.5f, 0.5f, 0}, {-1, 0, 0}});
        NearestConcepts nearest = NearestConcepts.of(atoms, 2, 2);
        assertArrayEquals(new int[] {1, 3}, nearest.ids(0));
        assertArrayEquals(new int[] {3, 4}, nearest.ids(1));
        assertArrayEquals(new int[] {1, 4}, nearest.ids(3));
        assertEquals(1.0, nearest.cosines(1)[0], 1e-6);
        assertEquals((float) Math.sqrt(0.5), nearest.cosines(0)[1], 1e-6);
    }

    @Test
    void zeroAtomsHaveNoNeighboursAndAreNobodysNeighbour() {
        FloatMatrix atoms = FloatMatrix.of(new float[][] {{1, 0}, {0, 0}, {1, 1}, {0, 0}, {-1, 0}});
        NearestConcepts nearest = NearestConcepts.of(atoms, 4, 2);
        assertArrayEquals(new int[0], nearest.ids(1));
        assertArrayEquals(new float[0], nearest.cosines(3));
        assertArrayEquals(new int[] {2, 4}, nearest.ids(0));
        assertArrayEquals(new int[] {0, 4}, nearest.ids(2));
        assertArrayEquals(new int[] {2, 0}, nearest.ids(4));
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), -1f}, nearest.cosines(0), 1e-6f);
    }

    @Test
    void kAtLeastAtomsMinusOneListsEveryOtherAtom() {
        FloatMatrix atoms = gaussian(9, 4, 3);
        for (int k : new int[] {8, 9, 100}) {
            NearestConcepts nearest = NearestConcepts.of(atoms, k, 4);
            assertEquals(8, nearest.k());
            assertMatchesBruteForce(atoms, nearest, k);
            for (int atom = 0; atom < 9; atom++) {
                int[] sorted = nearest.ids(atom);
                Arrays.sort(sorted);
                int self = atom;
                assertArrayEquals(IntStream.range(0, 9).filter(j -> j != self).toArray(), sorted);
            }
        }
        NearestConcepts single = NearestConcepts.of(gaussian(1, 3, 1), 3);
        assertArrayEquals(new int[0], single.ids(0));
    }

    @Test
    void badInputIsRefused() {
        FloatMatrix atoms = gaussian(4, 3, 1);
        assertThrows(InvalidDataException.class, () -> NearestConcepts.of(atoms, 0));
        atoms.set(2, 1, Float.NaN);
        InvalidDataException nan = assertThrows(InvalidDataException.class, () -> NearestConcepts.of(atoms, 2));
        assertTrue(nan.getMessage().contains("row 2"), nan.getMessage());
        NearestConcepts nearest = NearestConcepts.of(gaussian(4, 3, 1), 2);
        assertThrows(InvalidDataException.class, () -> nearest.ids(4));
    }
}
