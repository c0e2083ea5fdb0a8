package dev.facet.dictionaries.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NnlsBatchTest {

    private static FloatMatrix random(int rows, int cols, long seed, boolean nonNegative) {
        Random random = new Random(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = nonNegative ? random.nextFloat() : (float) random.nextGaussian();
        }
        return new FloatMatrix(rows, cols, data);
    }

    /** Multiplies atom j by {@code scales[j]}. */
    private static FloatMatrix scaleRows(FloatMatrix atoms, double[] scales) {
        float[] out = atoms.data().clone();
        int d = atoms.cols();
        for (int j = 0; j < atoms.rows(); j++) {
            for (int k = 0; k < d; k++) {
                out[j * d + k] *= (float) scales[j];
            }
        }
        return new FloatMatrix(atoms.rows(), d, out);
    }

    /** Per row: the objective ½‖x − z·D‖² of the codes. */
    private static double[] objectives(FloatMatrix x, FloatMatrix z, FloatMatrix atoms) {
        FloatMatrix r = Matrices.multiply(z, atoms);
        double[] out = new double[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            out[i] = 0.5 * Matrices.squaredDistance(x.data(), i * x.cols(), r.data(), i * x.cols(), x.cols());
        }
        return out;
    }

    @Test
    void recoversExactNonNegativeCombinationsWhateverTheAtomNorms() {
        int n = 50;
        int c = 8;
        int d = 40;
        double[] scales = {1, 100, 0.01, 7, 30, 0.2, 1, 55};
        FloatMatrix atoms = scaleRows(random(c, d, 1, false), scales);
        FloatMatrix planted = random(n, c, 2, true);
        for (int i = 0; i < planted.data().length; i += 3) {
            planted.data()[i] = 0f;
        }
        // codes in the units of the scaled atoms, so that every atom carries a comparable share of x
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                planted.data()[i * c + j] /= (float) scales[j];
            }
        }
        FloatMatrix x = Matrices.multiply(planted, atoms);
        Nnls.Solution solution = Nnls.solve(x, atoms, null, 1000, 1e-9);
        assertEquals(0, solution.unconverged());
        assertTrue(solution.worstResidual() <= 1e-9, "worst residual " + solution.worstResidual());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                double expected = planted.get(i, j) * scales[j];
                assertEquals(expected, solution.codes().get(i, j) * scales[j], 1e-4 * (1 + Math.abs(expected)),
                        "row " + i + " atom " + j);
            }
        }
    }

    @Test
    void satisfiesTheKktConditionsToTheTolerance() {
        int n = 30;
        int c = 10;
        int d = 25;
        FloatMatrix atoms = random(c, d, 3, false);
        FloatMatrix x = random(n, d, 4, false);
        Nnls.Solution solution = Nnls.solve(x, atoms, null, 1000, 1e-7);
        FloatMatrix z = solution.codes();
        double[] g = Nnls.gram(atoms);
        FloatMatrix b = Matrices.multiply(x, false, atoms, true);
        int positives = 0;
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            double scale = 0;
            for (int j = 0; j < c; j++) {
                scale = Math.max(scale, Math.abs(b.get(i, j)) / Math.sqrt(g[j * c + j]));
            }
            for (int j = 0; j < c; j++) {
                double gradient = -b.get(i, j);
                for (int k = 0; k < c; k++) {
                    gradient += g[j * c + k] * z.get(i, k);
                }
                double norm = Math.sqrt(g[j * c + j]);
                assertTrue(z.get(i, j) >= 0);
                // KKT: ∇ = 0 on the support, ∇ ≥ 0 off it (in unit-atom coordinates, relative to the row's scale)
                if (z.get(i, j) > 0) {
                    assertEquals(0, gradient / norm / scale, 1e-5, "stationary on the support at " + i + ", " + j);
                    positives++;
                } else {
                    assertTrue(gradient / norm / scale >= -1e-5, "gradient off the support at " + i + ", " + j);
                    zeros++;
                }
            }
        }
        assertTrue(positives > 0 && zeros > 0, "both active and inactive constraints exercised");
    }

    @Test
    void matchesTheActiveSetSolutionOnIllConditionedAtoms() {
        int c = 16;
        int d = 48;
        FloatMatrix base = random(c, d, 11, true);
        // two nearly parallel atoms and norms over four orders of magnitude
        for (int k = 0; k < d; k++) {
            base.set(1, k, base.get(0, k) + 0.05f * base.get(1, k));
        }
        double[] scales = new double[c];
        for (int j = 0; j < c; j++) {
            scales[j] = Math.pow(10, (j % 5) - 2);
        }
        FloatMatrix atoms = scaleRows(base, scales);
        FloatMatrix x = random(40, d, 12, true);
        Nnls.Solution solution = Nnls.solve(x, atoms, null, 10_000, 1e-10);
        assertEquals(0, solution.unconverged(), "worst residual " + solution.worstResidual());
        double[] g = Nnls.gram(atoms);
        FloatMatrix b = Matrices.multiply(x, false, atoms, true);
        FloatMatrix exact = FloatMatrix.zeros(x.rows(), c);
        boolean[] allowed = new boolean[c];
        java.util.Arrays.fill(allowed, true);
        for (int i = 0; i < x.rows(); i++) {
            double[] rhs = new double[c];
            for (int j = 0; j < c; j++) {
                rhs[j] = b.get(i, j);
            }
            double[] z = new double[c];
            Nnls.activeSet(c, g, rhs, allowed, z, null);
            for (int j = 0; j < c; j++) {
                exact.set(i, j, (float) z[j]);
            }
        }
        double[] ours = objectives(x, solution.codes(), atoms);
        double[] reference = objectives(x, exact, atoms);
        for (int i = 0; i < x.rows(); i++) {
            double norm = 0.5 * Matrices.squaredDistance(x.data(), i * d, new float[d], 0, d);
            assertTrue(ours[i] <= reference[i] + 1e-7 * norm, "objective of row " + i + ": " + ours[i] + " vs " + reference[i]);
        }
    }

    @Test
    void reportsRowsThatStopAtTheSweepLimit() {
        FloatMatrix atoms = random(12, 30, 13, true);
        FloatMatrix x = random(20, 30, 14, true);
        Nnls.Solution capped = Nnls.solve(x, atoms, null, 1, 1e-12);
        assertTrue(capped.unconverged() > 0);
        assertTrue(capped.worstResidual() > 1e-12);
        assertEquals(20, capped.sweeps());
        Nnls.Solution exact = Nnls.solve(x, atoms, null, 1000, 1e-12);
        assertEquals(0, exact.unconverged());
    }

    @Test
    void zeroInputAndZeroAtomsGiveZeros() {
        FloatMatrix atoms = random(6, 12, 5, false);
        Nnls.Solution solution = Nnls.solve(FloatMatrix.zeros(7, 12), atoms, random(7, 6, 9, true), 100, 1e-6);
        for (float v : solution.codes().data()) {
            assertEquals(0f, v);
        }
        assertEquals(0, solution.unconverged());
        FloatMatrix someZeroAtoms = atoms.rows(0, 6);
        for (int k = 0; k < 12; k++) {
            someZeroAtoms.set(2, k, 0f);
        }
        FloatMatrix codes = Nnls.solve(random(3, 12, 6, true), someZeroAtoms, null, 100, 1e-6).codes();
        for (int i = 0; i < 3; i++) {
            assertEquals(0f, codes.get(i, 2), "a zero atom gets code 0");
        }
        for (float v : Nnls.solve(random(3, 12, 6, true), FloatMatrix.zeros(6, 12), null, 100, 1e-6).codes().data()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void warmStartAtTheSolutionStaysThereWithoutASweep() {
        FloatMatrix atoms = random(5, 20, 7, true);
        FloatMatrix codes = random(10, 5, 8, true);
        FloatMatrix x = Matrices.multiply(codes, atoms);
        Nnls.Solution exact = Nnls.solve(x, atoms, null, 1000, 1e-9);
        Nnls.Solution warm = Nnls.solve(x, atoms, exact.codes(), 1000, 1e-6);
        assertEquals(0, warm.sweeps());
        for (int i = 0; i < codes.data().length; i++) {
            assertEquals(codes.data()[i], warm.codes().data()[i], 1e-4);
        }
    }

    @Test
    void rejectsBadShapesAndSettings() {
        FloatMatrix atoms = random(5, 20, 7, true);
        assertThrows(InvalidDataException.class, () -> Nnls.solve(FloatMatrix.zeros(3, 19), atoms, null, 10, 0));
        assertThrows(InvalidDataException.class,
                () -> Nnls.solve(FloatMatrix.zeros(3, 20), atoms, FloatMatrix.zeros(3, 4), 10, 0));
        assertThrows(InvalidDataException.class, () -> Nnls.solve(FloatMatrix.zeros(3, 20), atoms, null, 0, 0));
        assertThrows(InvalidDataException.class, () -> Nnls.solve(FloatMatrix.zeros(3, 20), atoms, null, 10, -1));
        assertThrows(InvalidDataException.class,
                () -> Nnls.solveGram(FloatMatrix.zeros(3, 5), new double[24], null, 10, 0));
        FloatMatrix nan = FloatMatrix.zeros(3, 20);
        nan.set(1, 4, Float.NaN);
        assertThrows(InvalidDataException.class, () -> Nnls.solve(nan, atoms, null, 10, 0));
    }
}
