package dev.facet.dictionaries.nmf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.dictionaries.factor.ActiveSetDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.Map;

/**
 * A non-negative dictionary D ≥ 0 (c × d) learnt by {@link NmfLearner}. New rows are encoded
 * inductively by non-negative least squares against the fixed atoms ({@link Nnls#encode}:
 * {@code argmin_{z ≥ 0} ‖x − z·D‖²} to the KKT tolerance {@code encode_tolerance}, at most
 * {@code encode_iterations} sweeps per row); decode is z·D (no offset). Differentiable by implicit
 * differentiation on each row's support S ({@link ActiveSetDictionary}): D_Sᵀ·(D_S·D_Sᵀ)⁻¹·w_S.
 */
public final class NmfDictionary extends ActiveSetDictionary {

    private final int encodeIterations;
    private final double encodeTolerance;

    NmfDictionary(String learner, FloatMatrix atoms, Map<String, Object> hyperparameters, int encodeIterations,
                  double encodeTolerance, Provenance provenance) {
        super(learner, atoms, null, hyperparameters, provenance);
        this.encodeIterations = encodeIterations;
        this.encodeTolerance = encodeTolerance;
    }

    @Override
    protected FloatMatrix encodeDense(FloatMatrix x) {
        return Nnls.encode(x, atoms(), encodeIterations, encodeTolerance, "encode_iterations");
    }

    @Override
    protected void addConfig(ObjectNode config) {
        config.put("encode_iterations", encodeIterations);
        config.put("encode_tolerance", encodeTolerance);
    }
}
