package dev.facet.dictionaries.metrics;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;

/**
 * Geometry of a dictionary's atoms (rows of D, c × d): the collinearity max_{i≠j} |cos(Dᵢ, Dⱼ)|
 * (docs/algorithms.md#dictionary-geometry), 1 when two atoms are parallel, 0 when all are orthogonal.
 * Zero atoms are left out. The cosines are computed by engine products in blocks of {@value #BLOCK}
 * atoms.
 */
public final class AtomGeometry {

    /** Atoms per block of the cosine matrix. */
    static final int BLOCK = 1024;

    private AtomGeometry() {
    }

    /** max over distinct non-zero atoms of |cos|; NaN with fewer than two non-zero atoms. */
    public static double collinearity(FloatMatrix atoms) {
        int c = atoms.rows();
        int d = atoms.cols();
        if (d == 0) {
            throw new InvalidDataException("Collinearity needs atoms of width >= 1, found 0");
        }
        double[] norms = Sparsity.rowL2(atoms);
        FloatMatrix all = unitRows(atoms, norms);
        double max = Double.NaN;
        // row blocks of the c × c cosine matrix, so memory stays O(BLOCK · c) for large dictionaries
        for (int from = 0; from < c; from += BLOCK) {
            int to = Math.min(c, from + BLOCK);
            FloatMatrix cos = Matrices.multiply(all.rows(from, to), false, all, true);
            for (int i = from; i < to; i++) {
                if (norms[i] == 0) {
                    continue;
                }
                for (int j = i + 1; j < c; j++) {
                    if (norms[j] > 0) {
                        double v = Math.abs(cos.data()[(i - from) * c + j]);
                        max = Double.isNaN(max) ? v : Math.max(max, v);
                    }
                }
            }
        }
        return Math.min(max, 1.0);
    }

    /** Each row of {@code atoms} divided by its norm from {@code norms}; zero rows stay zero. */
    static FloatMatrix unitRows(FloatMatrix atoms, double[] norms) {
        int c = atoms.rows();
        int d = atoms.cols();
        float[] unit = new float[c * d];
        for (int i = 0; i < c; i++) {
            double scale = norms[i] > 0 ? 1 / norms[i] : 0;
            for (int q = 0; q < d; q++) {
                unit[i * d + q] = (float) (atoms.data()[i * d + q] * scale);
            }
        }
        return new FloatMatrix(c, d, unit);
    }
}
