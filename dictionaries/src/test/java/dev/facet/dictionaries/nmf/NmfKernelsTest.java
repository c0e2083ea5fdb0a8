package dev.facet.dictionaries.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The HALS sweeps of {@link NmfKernels} (docs/algorithms.md#hals). */
class NmfKernelsTest {


    @Test
    void aZeroAtomLeavesItsCodeColumnAsItIs() {
        int n = 40;
        int c = 4;
        int d = 10;
        FloatMatrix x = UniformMatrices.of(n, d, 1);
        FloatMatrix atoms = UniformMatrices.of(c, d, 2);
        Arrays.fill(atoms.data(), 2 * d, 3 * d, 0f);
        FloatMatrix z = UniformMatrices.of(n, c, 3);
        float[] before = z.data().clone();
        FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
        FloatMatrix cx = Matrices.multiply(x, false, atoms, true);
        NmfKernels.halsSweep(z.data(), cx.data(), b.data(), Matrices.multiply(z, b).data(), n, c);
        for (int i = 0; i < n; i++) {
            assertEquals(before[i * c + 2], z.get(i, 2), "row " + i + " of the zero atom's codes");
            assertNotEquals(before[i * c], z.get(i, 0), "row " + i + " of a live atom's codes");
        }
    }

    @Test
    void aSweepIsTheExactCoordinateMinimiser() {
        int n = 30;
        int c = 3;
        int d = 8;
        FloatMatrix x = UniformMatrices.of(n, d, 4);
        FloatMatrix atoms = UniformMatrices.of(c, d, 5);
        FloatMatrix z = UniformMatrices.of(n, c, 6);
        FloatMatrix expected = new FloatMatrix(n, c, z.data().clone());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                // argmin over zᵢⱼ ≥ 0 of ‖xᵢ − zᵢ·D‖² with the other coordinates fixed
                double dot = 0;
                double norm2 = 0;
                for (int t = 0; t < d; t++) {
                    double rest = x.get(i, t);
                    for (int l = 0; l < c; l++) {
                        rest -= l == j ? 0 : expected.get(i, l) * atoms.get(l, t);
                    }
                    dot += rest * atoms.get(j, t);
                    norm2 += (double) atoms.get(j, t) * atoms.get(j, t);
                }
                expected.set(i, j, (float) Math.max(0, dot / norm2));
            }
        }
        FloatMatrix b = Matrices.multiply(atoms, false, atoms, true);
        NmfKernels.halsSweep(z.data(), Matrices.multiply(x, false, atoms, true).data(), b.data(),
                Matrices.multiply(z, b).data(), n, c);
        assertArrayEquals(expected.data(), z.data(), 1e-4f);
    }

    @Test
    void anUnusedAtomIsLeftAsItIs() {
        int n = 50;
        int c = 4;
        int d = 12;
        FloatMatrix x = UniformMatrices.of(n, d, 7);
        FloatMatrix z = UniformMatrices.of(n, c, 8);
        for (int i = 0; i < n; i++) {
            z.set(i, 1, 0f);
        }
        FloatMatrix atoms = UniformMatrices.of(c, d, 9);
        float[] before = atoms.data().clone();
        NmfKernels.halsAtoms(atoms.data(), Matrices.multiply(z, true, x, false).data(), Matrices.gram(z).data(), c, d, 5);
        assertArrayEquals(Arrays.copyOfRange(before, d, 2 * d), Arrays.copyOfRange(atoms.data(), d, 2 * d));
        assertNotEquals(before[0], atoms.data()[0]);
    }
}
