package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.facet.spi.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Orthogonal matching pursuit with non-negative refits (Pati, Rezaiifar and Krishnaprasad 1993,
 * "Orthogonal matching pursuit: recursive function approximation with applications to wavelet
 * decomposition"; as an SAE sparsifier, OMP-SAE, REFERENCE §1). Ignores {@code pre} and works on
 * x − b_dec and the dictionary D. Each of k steps selects, per row, i = argmax s with s = r·Dᵀ
 * among the atoms not yet selected, then refits the coefficients of all atoms selected for that
 * row by non-negative least squares against x − b_dec and recomputes r = (x − b_dec) − z·D. A row
 * stops selecting once no unselected atom has s &gt; 0: then its refit is already the NNLS
 * solution over the whole dictionary, since no atom can lower the error with a positive weight.
 *
 * <p>Refit: an exact active-set NNLS (Lawson–Hanson) on each row's small j × j system G = A·Aᵀ,
 * b = A·(x − b_dec) (A the selected atoms), solved in double precision on the heap, rows in
 * parallel. The selection and intermediate refits run without autograd. The final codes are made
 * differentiable by the implicit-function derivative of the refit: with z* the NNLS solution,
 * P its positive coordinates and W = (G_PP)⁻¹ (padded with zeros),
 * {@code z = z* + W·(b − G·z*) − sg(W·(b − G·z*))}, whose value is exactly z* and whose
 * derivative wrt D and x − b_dec is that of z_P = (G_PP)⁻¹·b_P with P held fixed. This costs an
 * n·k·d row gather and n·k²·d for G and b, beside the k selection products n·d·c; it is built in
 * inference too, so gradients through {@code encode} (attribution) are available.
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
        try (NDManager scratch = centred.getManager().newSubManager()) {
            NDArray target = centred.stopGradient();
            target.attach(scratch);
            NDArray dictionary = atoms.stopGradient();
            dictionary.attach(scratch);
            NDArray dictionaryT = dictionary.transpose();
            NDArray chosen = scratch.zeros(new Shape(rows, concepts), DataType.FLOAT32);
            NDArray residual = target;
            List<NDArray> selected = new ArrayList<>();
            for (int step = 0; step < k; step++) {
                int width = step + 1;
                NDArray scores = residual.matMul(dictionaryT).sub(chosen.mul(Float.MAX_VALUE));
                long[] best = scores.argMax(1).toLongArray();
                float[] bestScore = scores.max(new int[] {1}).toFloatArray();
                float[] rowActive = new float[rows];
                boolean any = false;
                for (int row = 0; row < rows; row++) {
                    boolean on = bestScore[row] > 0;
                    index[row * k + step] = best[row];
                    active[row * k + step] = on;
                    rowActive[row] = on ? 1 : 0;
                    any |= on;
                }
                if (!any) {
                    break;
                }
                NDArray bestNd = scratch.create(best, new Shape(rows));
                NDArray activeNd = scratch.create(rowActive, new Shape(rows, 1));
                chosen = chosen.add(bestNd.oneHot(concepts, DataType.FLOAT32).mul(activeNd));
                selected.add(MatchingPursuitSparsifier.rows(dictionary, bestNd).mul(activeNd));
                NDArray stacked = NDArrays.stack(new NDList(selected), 1);
                float[] gram = stacked.matMul(stacked.transpose(0, 2, 1)).toFloatArray();
                float[] rhs = stacked.matMul(target.expandDims(2)).toFloatArray();
                float[] stepCoefficients = refit(rows, step, gram, rhs, active, coefficients, inverse);
                residual = target.sub(scratch.create(stepCoefficients, new Shape(rows, 1, width)).matMul(stacked)
                        .squeeze(1));
            }
        }
        return new Pursuit(index, active, coefficients, inverse);
    }

    /**
     * Refits, after selection step {@code step}, every row whose new slot is active: exact NNLS on
     * the row's (step + 1)-square system, written to {@code coefficients} and {@code inverse}
     * (layout rows × k and rows × k × k). Rows without a new atom keep their previous refit.
     *
     * @return the coefficients of this step, rows × (step + 1)
     */
    private float[] refit(int rows, int step, float[] gram, float[] rhs, boolean[] active, float[] coefficients,
                          float[] inverse) {
        int m = step + 1;
        IntStream.range(0, rows).parallel().forEach(row -> {
            if (!active[row * k + step]) {
                return;
            }
            double[] g = new double[m * m];
            double[] b = new double[m];
            boolean[] allowed = new boolean[m];
            for (int i = 0; i < m; i++) {
                b[i] = rhs[row * m + i];
                allowed[i] = active[row * k + i];
                for (int j = 0; j < m; j++) {
                    g[i * m + j] = gram[(row * m + i) * m + j];
                }
            }
            double[] z = new double[m];
            double[] w = new double[m * m];
            GramNnls.solve(m, g, b, allowed, z, w);
            for (int i = 0; i < m; i++) {
                coefficients[row * k + i] = (float) z[i];
                for (int j = 0; j < m; j++) {
                    inverse[(row * k + i) * k + j] = (float) w[i * m + j];
                }
            }
        });
        float[] out = new float[rows * m];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(coefficients, row * k, out, row * m, m);
        }
        return out;
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
