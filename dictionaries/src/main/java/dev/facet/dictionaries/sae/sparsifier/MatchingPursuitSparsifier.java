package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.facet.spi.ConfigException;

/**
 * Matching pursuit (Mallat and Zhang 1993, "Matching pursuits with time-frequency dictionaries";
 * as an SAE sparsifier, MP-SAE, docs/algorithms.md#matching-pursuit-sae). Ignores {@code pre} and works
 * on the centred input x − b_dec and the dictionary D: r = x − b_dec; k times: s = r·Dᵀ, i = argmax s
 * per row, zᵢ += sᵢ, r −= sᵢ·Dᵢ. An atom may be chosen more than once; its coefficients add up.
 *
 * <p>The update assumes unit-norm atoms (the {@code l2} dictionary, the default), for which each
 * step lowers ‖r‖² by sᵢ²; with other norms the coefficients are the plain correlations of the
 * reference definition. The selection (argmax) is not differentiable; the codes are
 * differentiable wrt D and x − b_dec through s and r. Chosen atoms are read by an embedding-style
 * row gather (efficient backward) and coefficients are placed in the dense n × c codes by scatter,
 * so each step costs one n·d·c product.
 */
public final class MatchingPursuitSparsifier implements Sparsifier {

    private final int k;

    /**
     * @param k        pursuit steps (active codes per sample, at most)
     * @param concepts c, the number of atoms
     */
    public MatchingPursuitSparsifier(int k, int concepts) {
        if (k < 1 || k > concepts) {
            throw ConfigException.outOfRange("k", k, "1.." + concepts + " (the number of concepts)");
        }
        this.k = k;
    }

    @Override
    public NDArray codes(NDArray pre, NDArray centred, NDArray atoms, boolean training) {
        long rows = centred.getShape().get(0);
        long concepts = atoms.getShape().get(0);
        NDArray atomsT = atoms.transpose();
        NDArray residual = centred;
        NDArray codes = centred.getManager().zeros(new Shape(rows, concepts), centred.getDataType());
        for (int step = 0; step < k; step++) {
            NDArray scores = residual.matMul(atomsT);
            NDArray index = scores.stopGradient().argMax(1).expandDims(1);
            NDArray coefficient = scores.gather(index, 1);
            codes = codes.add(codes.zerosLike().scatter(index, coefficient, 1));
            residual = residual.sub(rows(atoms, index.squeeze(1)).mul(coefficient));
        }
        return codes;
    }

    /** Rows {@code index} of {@code table}: shape index.shape + (d), gradient scattered back by rows. */
    static NDArray rows(NDArray table, NDArray index) {
        return table.getNDArrayInternal().embedding(index, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public String id() {
        return "mp";
    }

    @Override
    public int k() {
        return k;
    }
}
