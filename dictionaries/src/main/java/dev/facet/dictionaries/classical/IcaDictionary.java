package dev.facet.dictionaries.classical;

import dev.facet.spi.Provenance;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.Map;

/**
 * A FastICA dictionary (Hyvärinen 1999): codes are the estimated independent sources
 * s = (x − μ)·Uᵀ with U (c × d) the unmixing matrix; the atoms are the rows of the mixing matrix
 * A = U⁺ (the Moore–Penrose pseudo-inverse), so decode is s·A + μ and adds the mean back
 * (docs/algorithms.md#fastica). Differentiable: the gradient of sum(s ⊙ w) is w·U. Saved tensor {@code unmixing} beside {@code atoms} and {@code offset}.
 */
public final class IcaDictionary extends LinearCodedDictionary {

    /** Saved name of U. */
    public static final String UNMIXING = "unmixing";

    private final FloatMatrix unmixing;

    IcaDictionary(String learner, FloatMatrix mixing, float[] mean, FloatMatrix unmixing,
                  Map<String, Object> hyperparameters, Provenance provenance) {
        super(learner, mixing, mean, hyperparameters, provenance);
        if (unmixing.rows() != mixing.rows() || unmixing.cols() != mixing.cols()) {
            throw new dev.facet.spi.InvalidDataException("Unmixing matrix of shape " + unmixing.rows() + "x"
                    + unmixing.cols() + " for a mixing matrix of shape " + mixing.rows() + "x" + mixing.cols());
        }
        this.unmixing = unmixing;
    }

    /** The unmixing matrix U (c × d), a copy. */
    public FloatMatrix unmixing() {
        return new FloatMatrix(unmixing.rows(), unmixing.cols(), unmixing.data().clone());
    }

    @Override
    protected FloatMatrix projection() {
        return unmixing;
    }

    @Override
    protected Map<String, Tensor> extraTensors() {
        return Map.of(UNMIXING, new Tensor(new long[] {unmixing.rows(), unmixing.cols()}, unmixing.data()));
    }
}
