package dev.facet.dictionaries.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facet.dictionaries.synthetic.PlantedDictionary;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HungarianTest {

    @Test
    void solvesASmallProblemWhoseOptimumIsKnown() {
        double[] cost = {4, 1, 3, 2, 0, 5, 3, 2, 2};
        assertArrayEquals(new int[] {1, 0, 2}, Hungarian.assign(cost, 3, 3));
    }

    @Test
    void matchesBruteForceOnRandomRectangularProblems() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(5);
            int m = n + random.nextInt(3);
            double[] cost = new double[n * m];
            for (int i = 0; i < cost.length; i++) {
                cost[i] = random.nextDouble();
            }
            int[] assignment = Hungarian.assign(cost, n, m);
            assertEquals(bruteForce(cost, n, m, 0, new boolean[m]), total(cost, m, assignment), 1e-12);
        }
    }

    @Test
    void aPermutedCopyMatchesWithCostZero() {
        FloatMatrix atoms = PlantedDictionary.generate(1, 8, 12, 1, 0, 3).atoms();
        int[] permutation = {5, 2, 9, 0, 11, 7, 1, 3, 10, 4, 8, 6};
        float[] shuffled = new float[atoms.data().length];
        for (int i = 0; i < 12; i++) {
            System.arraycopy(atoms.data(), permutation[i] * 8, shuffled, i * 8, 8);
        }
        DictionaryMatching matching = DictionaryMatching.match(atoms, new FloatMatrix(12, 8, shuffled));
        assertEquals(1.0, matching.meanCosine(), 1e-6);
        for (int i = 0; i < 12; i++) {
            assertEquals(i, permutation[matching.assignment()[i]]);
        }
    }

    @Test
    void refusesMoreRowsThanColumnsAndNonFiniteCosts() {
        assertThrows(InvalidDataException.class, () -> Hungarian.assign(new double[6], 3, 2));
        assertThrows(InvalidDataException.class, () -> Hungarian.assign(new double[] {Double.NaN}, 1, 1));
    }

    private static double total(double[] cost, int m, int[] assignment) {
        double sum = 0;
        for (int i = 0; i < assignment.length; i++) {
            sum += cost[i * m + assignment[i]];
        }
        return sum;
    }

    private static double bruteForce(double[] cost, int n, int m, int row, boolean[] used) {
        if (row == n) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, cost[row * m + j] + bruteForce(cost, n, m, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
