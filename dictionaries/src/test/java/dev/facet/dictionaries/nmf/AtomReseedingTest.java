package dev.facet.dictionaries.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AtomReseedingTest {


    private static double norm2(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return s;
    }

    @Test
    void deadAtomsAreZeroAtomsAndAtomsWithoutCodes() {
        FloatMatrix atoms = UniformMatrices.of(4, 6, 1);
        Arrays.fill(atoms.data(), 6, 12, 0f);
        FloatMatrix z = UniformMatrices.of(20, 4, 2);
        for (int i = 0; i < 20; i++) {
            z.set(i, 3, 0f);
        }
        int[] dead = AtomReseeding.dead(Matrices.multiply(atoms, false, atoms, true).data(), Matrices.gram(z).data(), 4);
        assertArrayEquals(new int[] {1, 3}, dead);
    }

    @Test
    void aDeadAtomTakesTheLargestUnexplainedRowAndItsBestCodes() {
        int n = 30;
        int c = 3;
        int d = 8;
        FloatMatrix x = UniformMatrices.of(n, d, 3);
        for (int t = 0; t < d; t++) {
            x.set(17, t, x.get(17, t) + 5f); // the row the atoms explain worst
        }
        FloatMatrix atoms = UniformMatrices.of(c, d, 4);
        Arrays.fill(atoms.data(), d, 2 * d, 0f);
        FloatMatrix z = new FloatMatrix(n, c, new float[n * c]);
        for (int i = 0; i < n; i++) {
            z.set(i, 0, 0.5f);
            z.set(i, 1, 0.3f);
            z.set(i, 2, 0.2f);
        }
        float[] gram = Matrices.multiply(atoms, false, atoms, true).data();
        float[] residual = AtomReseeding.residual(x, z, atoms);
        double before = norm2(residual);
        float[] worst = Arrays.copyOfRange(residual, 17 * d, 18 * d);

        int[] dead = AtomReseeding.dead(gram, Matrices.gram(z).data(), c);
        assertArrayEquals(new int[] {1}, dead);
        assertEquals(1, AtomReseeding.reseed(dead, residual, z.data(), atoms.data(), gram, n, c, d));

        float[] atom = atoms.row(1);
        double liveRms = Math.sqrt((gram[0] + gram[2 * c + 2]) / 2);
        assertEquals(liveRms, Math.sqrt(norm2(atom)), 1e-5 * liveRms);
        double scale = atom[0] / Math.max(0f, worst[0]);
        for (int t = 0; t < d; t++) {
            assertEquals(Math.max(0f, worst[t]) * scale, atom[t], 1e-5, "atom entry " + t);
        }
        FloatMatrix expectedResidual = new FloatMatrix(n, d, AtomReseeding.residual(x, z, atoms));
        assertArrayEquals(expectedResidual.data(), residual, 1e-4f);
        for (int i = 0; i < n; i++) {
            // with the new code removed, the residual's projection on the atom gives the code back
            double dot = 0;
            for (int t = 0; t < d; t++) {
                dot += (residual[i * d + t] + z.get(i, 1) * atom[t]) * atom[t];
            }
            assertEquals(Math.max(0, dot / norm2(atom)), z.get(i, 1), 1e-4, "code of row " + i);
        }
        assertTrue(z.get(17, 1) > 0);
        assertTrue(norm2(residual) < before, norm2(residual) + " < " + before);
    }

    @Test
    void nothingIsSeededWhenNoResidualIsPositive() {
        int n = 5;
        int d = 4;
        FloatMatrix x = UniformMatrices.of(n, d, 5);
        FloatMatrix atoms = new FloatMatrix(2, d, new float[2 * d]);
        Arrays.fill(atoms.data(), 0, d, 10f);
        FloatMatrix z = new FloatMatrix(n, 2, new float[2 * n]);
        for (int i = 0; i < n; i++) {
            z.set(i, 0, 1f);
        }
        float[] gram = Matrices.multiply(atoms, false, atoms, true).data();
        float[] residual = AtomReseeding.residual(x, z, atoms);
        assertEquals(0, AtomReseeding.reseed(new int[] {1}, residual, z.data(), atoms.data(), gram, n, 2, d));
        assertEquals(0, norm2(atoms.row(1)));
    }
}
