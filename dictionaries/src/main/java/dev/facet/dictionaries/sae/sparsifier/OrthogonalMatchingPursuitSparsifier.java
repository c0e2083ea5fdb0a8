package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.spi.ConfigException;
import java.util.stream.IntStream;

/**
 * Orthogonal matching pursuit with non-negative refits (Pati, Rezaiifar and Krishnaprasad 1993,
 * "Orthogonal matching pursuit: recursive function approximation with applications to wavelet
 * decomposition"; as an SAE sparsifier, OMP-SAE, docs/algorithms.md#omp-sae). Ignores {@code pre} and
 * works on x − b_dec and the dictionary D. Each of k steps selects, per row, i = argmax s with s =
 * r·Dᵀ, then refits the coefficients of all atoms selected for that row by non-negative least squares
 * against x − b_dec and recomputes r = (x − b_dec) − z·D. A row stops once its best atom has s ≤ 0 or
 * is already selected: then the refit cannot change (its NNLS solution is already optimal over the
 * whole dictionary when s ≤ 0 everywhere), so later steps add nothing, exactly as if the selection were
 * repeated.
 *
 * <p>Refit: an exact active-set NNLS (Lawson–Hanson) on each row's small j × j system G = A·Aᵀ,
 * b = A·(x − b_dec) (A the selected atoms), solved in double precision on the heap, rows in
 * parallel, warm-started from the row's previous refit. G grows by one row and column per step
 * (an n·j·d product), so a step costs the n·d·c selection product plus O(n·j·d). The selection and
 * intermediate refits run without autograd. The final codes are made differentiable by the
 * implicit-function derivative of the refit: with z* the NNLS solution, P its positive
 * coordinates and W = (G_PP)⁻¹ (padded with zeros),
 * {@code z = z* + W·(b − G·z*) − sg(W·(b − G·z*))}, whose value is exactly z* and whose
 * derivative wrt D and x − b_dec is that of z_P = (G_PP)⁻¹·b_P with P held fixed. This costs an
 * n·k·d row gather and n·k²·d for G and b; it is built in inference too, so gradients through
 * {@code encode} (attribution) are available. Codes are returned dense (n × c) by scatter.
 */
public final class OrthogonalMatchingPursuitSparsifier implements Sparsifier {

    private final int k;

    /**
     * @param k        pursuit steps (active codes per sample, at most)
     * @param concepts c, the number of atoms
     */
    public OrthogonalMatchingPursuitSparsifier(int k, int concepts) {
        if (k < 1 || k > concepts) {
            throw ConfigException.outOfRange("k", k, "1.." + concepts + " (the number of concepts)");
        }
        this.k = k;
    }

    @Override
    public NDArray codes(NDArray pre, NDArray centred, NDArray atoms, boolean training) {
        int rows = Math.toIntExact(centred.getShape().get(0));
        int concepts = Math.toIntExact(atoms.getShape().get(0));
        Pursuit pursuit = pursue(centred, atoms, rows, concepts);
        NDManager manager = centred.getManager();
        long[] scatterIndex = new long[rows * k];
        for (int slot = 0; slot < scatterIndex.length; slot++) {
            scatterIndex[slot] = pursuit.active[slot] ? pursuit.index[slot] : concepts;
        }
        NDArray coefficients = manager.create(pursuit.coefficients, new Shape(rows, k, 1));
        NDArray gatherIndex = manager.create(pursuit.index, new Shape(rows, k));
        NDArray active = manager.create(toFloats(pursuit.active), new Shape(rows, k, 1));
        NDArray selected = MatchingPursuitSparsifier.rows(atoms, gatherIndex).mul(active);
        NDArray gram = selected.matMul(selected.transpose(0, 2, 1));
        NDArray rhs = selected.matMul(centred.expandDims(2));
        NDArray inverse = manager.create(pursuit.inverse, new Shape(rows, k, k));
        NDArray correction = inverse.matMul(rhs.sub(gram.matMul(coefficients)));
        NDArray slots = coefficients.add(correction.sub(correction.stopGradient()));
        NDArray padded = manager.zeros(new Shape(rows, concepts + 1), DataType.FLOAT32)
                .scatter(manager.create(scatterIndex, new Shape(rows, k)), slots.squeeze(2), 1);
        return padded.get(":, :" + concepts);
    }

    /** The heap result of the pursuit: per row and slot, the atom, whether it is used, z*, and W. */
    private record Pursuit(long[] index, boolean[] active, float[] coefficients, float[] inverse) {
    }

    private Pursuit pursue(NDArray centred, NDArray atoms, int rows, int concepts) {
        long[] index = new long[rows * k];
        boolean[] active = new boolean[rows * k];
        float[] coefficients = new float[rows * k];
        float[] inverse = new float[rows * k * k];
        float[] gram = new float[rows * k * k];
        float[] rhs = new float[rows * k];
        try (NDManager scratch = centred.getManager().newSubManager()) {
            NDArray target = centred.stopGradient();
            target.attach(scratch);
            NDArray dictionary = atoms.stopGradient();
            dictionary.attach(scratch);
            NDArray dictionaryT = dictionary.transpose();
            NDArray selected = scratch.zeros(new Shape(rows, k, centred.getShape().get(1)), DataType.FLOAT32);
            NDArray residual = target;
            for (int step = 0; step < k; step++) {
                NDArray scores = residual.matMul(dictionaryT);
                long[] best = scores.argMax(1).toLongArray();
                float[] bestScore = scores.max(new int[] {1}).toFloatArray();
                float[] rowActive = new float[rows];
                boolean any = false;
                for (int row = 0; row < rows; row++) {
                    // A row whose best atom has s ≤ 0 or is already selected (its refit would not change) is done.
                    boolean on = bestScore[row] > 0 && (step == 0 || active[row * k + step - 1])
                            && !selectedBefore(index, row, step, best[row]);
                    index[row * k + step] = on ? best[row] : 0;
                    active[row * k + step] = on;
                    rowActive[row] = on ? 1 : 0;
                    any |= on;
                }
                if (!any) {
                    break;
                }
                NDArray chosen = MatchingPursuitSparsifier.rows(dictionary, scratch.create(best, new Shape(rows)))
                        .mul(scratch.create(rowActive, new Shape(rows, 1)));
                selected.set(new NDIndex(":, {}, :", step), chosen);
                // The new row and column of each row's Gram matrix, and the new entry of b = A·x.
                float[] column = selected.get(new NDIndex(":, :{}, :", step + 1)).matMul(chosen.expandDims(2))
                        .toFloatArray();
                float[] product = chosen.mul(target).sum(new int[] {1}).toFloatArray();
                for (int row = 0; row < rows; row++) {
                    rhs[row * k + step] = product[row];
                    for (int i = 0; i <= step; i++) {
                        gram[(row * k + i) * k + step] = column[row * (step + 1) + i];
                        gram[(row * k + step) * k + i] = column[row * (step + 1) + i];
                    }
                }
                refit(rows, step, gram, rhs, active, coefficients, inverse);
                residual = target.sub(scratch.create(coefficients, new Shape(rows, 1, k)).matMul(selected).squeeze(1));
            }
        }
        return new Pursuit(index, active, coefficients, inverse);
    }

    private boolean selectedBefore(long[] index, int row, int step, long atom) {
        for (int i = 0; i < step; i++) {
            if (index[row * k + i] == atom) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refits, after selection step {@code step}, every row whose new slot is active: exact NNLS on
     * the row's (step + 1)-square system (G and b stored rows × k × k and rows × k), warm-started
     * from the row's previous refit, written to {@code coefficients} and {@code inverse}. Rows
     * without a new atom keep their previous refit.
     */
    private void refit(int rows, int step, float[] gram, float[] rhs, boolean[] active, float[] coefficients,
                       float[] inverse) {
        int m = step + 1;
        IntStream.range(0, rows).parallel().forEach(row -> {
            if (!active[row * k + step]) {
                return;
            }
            double[] g = new double[m * m];
            double[] b = new double[m];
            double[] z = new double[m];
            boolean[] allowed = new boolean[m];
            for (int i = 0; i < m; i++) {
                b[i] = rhs[row * k + i];
                z[i] = coefficients[row * k + i];
                allowed[i] = active[row * k + i];
                for (int j = 0; j < m; j++) {
                    g[i * m + j] = gram[(row * k + i) * k + j];
                }
            }
            double[] w = new double[m * m];
            Nnls.activeSet(m, g, b, allowed, z, w);
            for (int i = 0; i < m; i++) {
                coefficients[row * k + i] = (float) z[i];
                for (int j = 0; j < m; j++) {
                    inverse[(row * k + i) * k + j] = (float) w[i * m + j];
                }
            }
        });
    }

    @Override
    public String id() {
        return "omp";
    }

    @Override
    public int k() {
        return k;
    }

    private static float[] toFloats(boolean[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] ? 1 : 0;
        }
        return out;
    }
}
