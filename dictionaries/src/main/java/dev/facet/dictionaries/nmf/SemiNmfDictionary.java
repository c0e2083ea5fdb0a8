package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.MatrixDictionary;
import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A Semi-NMF dictionary (Ding, Li and Jordan 2010): free atoms D (c × d) and non-negative codes.
 * A row x is coded by iterating the Semi-NMF multiplicative code update against the fixed D
 * ({@link SemiNmfCodes}) from its clipped least-squares codes until the relative change is below
 * {@code encode_tol} or {@code encode_max_iter} updates, so unseen rows are coded too (inductive).
 */
public final class SemiNmfDictionary extends MatrixDictionary {

    private final int encodeMaxIter;
    private final double encodeTol;

    SemiNmfDictionary(FloatMatrix atoms, Map<String, Object> hyperparameters, int encodeMaxIter, double encodeTol,
                      Provenance provenance) {
        super(SemiNmfFactory.ID, atoms, null, hyperparameters, provenance);
        this.encodeMaxIter = encodeMaxIter;
        this.encodeTol = encodeTol;
    }

    @Override
    protected FloatMatrix encodeDense(FloatMatrix x) {
        return SemiNmfCodes.encode(x, atoms(), encodeMaxIter, encodeTol);
    }
}
