package dev.facet.dictionaries.metrics;

import dev.facet.dictionaries.linalg.Matrices;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * For each atom of a dictionary (rows of D, c × d), the k other atoms with the highest cosine
 * similarity, best first, ties going to the lower atom id. The c × c cosine matrix is never held:
 * it is computed in row blocks by engine products (as {@link AtomGeometry} does), so memory stays
 * O(c·k + block·c) for dictionaries of tens of thousands of atoms.
 *
 * <p>A zero atom has no direction: it has no neighbours and is nobody's neighbour, so an atom gets
 * fewer than k neighbours when fewer than k other atoms are non-zero.
 */
public final class NearestConcepts {
    private final int atoms;
    private final int k;
    private final int[] count;
    private final int[] ids;
    private final float[] cosines;

    private NearestConcepts(int atoms, int k) {
        this.atoms = atoms;
        this.k = k;
        this.count = new int[atoms];
        this.ids = new int[atoms * k];
        this.cosines = new float[atoms * k];
    }

    /**
     * The {@code k} nearest atoms of every atom.
     *
     * @param atoms the dictionary's atoms, one per row, finite
     * @param k     neighbours per atom, {@code >= 1}
     */
    public static NearestConcepts of(FloatMatrix atoms, int k) {
        return of(atoms, k, AtomGeometry.BLOCK);
    }

    /** As {@link #of(FloatMatrix, int)} with {@code block} atoms per block of the cosine matrix. */
    static NearestConcepts of(FloatMatrix atoms, int k, int block) {
        if (k < 1) {
            throw new InvalidDataException("Nearest concepts need k >= 1, found " + k);
        }
        if (block < 1) {
            throw new InvalidDataException("Nearest concepts need a block of >= 1 atoms, found " + block);
        }
        if (atoms.cols() == 0) {
            throw new InvalidDataException("Nearest concepts need atoms of width >= 1, found 0");
        }
        atoms.requireFinite("Dictionary atoms");
        int c = atoms.rows();
        int kept = Math.min(k, Math.max(1, c - 1));
        if ((long) c * kept > Integer.MAX_VALUE - 8) {
            throw new InvalidDataException(c + " atoms x " + kept + " neighbours do not fit in one Java array");
        }
        double[] norms = Sparsity.rowL2(atoms);
        FloatMatrix unit = AtomGeometry.unitRows(atoms, norms);
        NearestConcepts result = new NearestConcepts(c, kept);
        for (int from = 0; from < c; from += block) {
            int to = Math.min(c, from + block);
            FloatMatrix cos = Matrices.multiply(unit.rows(from, to), false, unit, true);
            for (int i = from; i < to; i++) {
                if (norms[i] > 0) {
                    result.select(i, cos.data(), (i - from) * c, norms);
                }
            }
        }
        return result;
    }

    /** Keeps the best {@code k} of row {@code atom} of the cosine matrix, sorted best first. */
    private void select(int atom, float[] cos, int offset, double[] norms) {
        int base = atom * k;
        int size = 0;
        for (int j = 0; j < atoms; j++) {
            if (j == atom || norms[j] == 0) {
                continue;
            }
            float value = cos[offset + j];
            // candidates come in increasing id, so an equal cosine never beats a kept one
            if (size == k && value <= cosines[base + k - 1]) {
                continue;
            }
            int at = size == k ? k - 1 : size++;
            while (at > 0 && cosines[base + at - 1] < value) {
                cosines[base + at] = cosines[base + at - 1];
                ids[base + at] = ids[base + at - 1];
                at--;
            }
            cosines[base + at] = value;
            ids[base + at] = j;
        }
        count[atom] = size;
    }

    /** Number of atoms. */
    public int atoms() {
        return atoms;
    }

    /** Neighbours kept per atom at most: the requested k, capped at atoms − 1. */
    public int k() {
        return k;
    }

    /** Ids of the nearest atoms of {@code atom}, highest cosine first; empty for a zero atom. */
    public int[] ids(int atom) {
        check(atom);
        return Arrays.copyOfRange(ids, atom * k, atom * k + count[atom]);
    }

    /** Cosines aligned with {@link #ids(int)}, non-increasing. */
    public float[] cosines(int atom) {
        check(atom);
        return Arrays.copyOfRange(cosines, atom * k, atom * k + count[atom]);
    }

    private void check(int atom) {
        if (atom < 0 || atom >= atoms) {
            throw new InvalidDataException("Atom " + atom + " is outside [0, " + atoms + ")");
        }
    }
}
