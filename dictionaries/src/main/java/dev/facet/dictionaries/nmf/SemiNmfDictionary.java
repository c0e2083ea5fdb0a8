package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.ActiveSetDictionary;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A Semi-NMF dictionary (Ding, Li and Jordan 2010): free atoms D (c × d) and non-negative codes.
 * A row x, seen in training or not (inductive), is coded by the non-negative least squares
 * {@code argmin_{z ≥ 0} ‖x − z·D‖²} against the fixed D ({@link Nnls#encode}, {@code encode_tol} its
 * KKT tolerance, {@code encode_max_iter} its sweep limit): the problem the Semi-NMF code update
 * ({@link SemiNmfCodes}) of training descends on, solved exactly instead of by that slower
 * multiplicative iteration. Differentiable on each row's support ({@link ActiveSetDictionary}).
 */
public final class SemiNmfDictionary extends ActiveSetDictionary {

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
        return Nnls.encode(x, atoms(), encodeMaxIter, encodeTol, "encode_max_iter");
    }
}
