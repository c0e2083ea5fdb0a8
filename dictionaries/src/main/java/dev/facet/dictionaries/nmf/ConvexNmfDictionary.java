package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.ActiveSetDictionary;
import dev.facet.spi.Provenance;
import dev.facet.dictionaries.linalg.Nnls;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.Map;

/**
 * A Convex-NMF dictionary (Ding, Li and Jordan 2010): atoms D = W·X_train (c × d) with W ≥ 0.
 * Encoding is inductive (docs/algorithms.md#convex-nmf; the Python version only codes its training set,
 * a known defect): a row x of any data set gets {@code argmin_{z ≥ 0} ‖x − z·D‖²} by {@link
 * Nnls#encode} against the fixed D ({@code encode_tol} its KKT tolerance, {@code encode_max_iter} its
 * sweep limit), differentiable on each row's support ({@link ActiveSetDictionary}). Saved with the extra tensor {@value #WEIGHTS}, W
 * (c × n_train), when known.
 */
public final class ConvexNmfDictionary extends ActiveSetDictionary {

    /** Saved name of W. */
    public static final String WEIGHTS = "convex_weights";

    private final FloatMatrix weights;
    private final int encodeMaxIter;
    private final double encodeTol;

    ConvexNmfDictionary(FloatMatrix atoms, FloatMatrix weights, Map<String, Object> hyperparameters,
                        int encodeMaxIter, double encodeTol, Provenance provenance) {
        super(ConvexNmfFactory.ID, atoms, null, hyperparameters, provenance);
        if (weights != null && weights.rows() != atoms.rows()) {
            throw new InvalidDataException("Convex weights have " + weights.rows() + " rows, expected one per atom ("
                    + atoms.rows() + ")");
        }
        this.weights = weights;
        this.encodeMaxIter = encodeMaxIter;
        this.encodeTol = encodeTol;
    }

    /** W (c × n_train), W ≥ 0, with atoms = W·X_train; {@code null} when not saved. */
    public FloatMatrix convexWeights() {
        return weights;
    }

    @Override
    protected FloatMatrix encodeDense(FloatMatrix x) {
        return Nnls.encode(x, atoms(), encodeMaxIter, encodeTol, "encode_max_iter");
    }

    @Override
    protected Map<String, Tensor> extraTensors() {
        if (weights == null) {
            return Map.of();
        }
        return Map.of(WEIGHTS, new Tensor(new long[] {weights.rows(), weights.cols()}, weights.data()));
    }
}
