package dev.facet.dictionaries.nmf;

import dev.facet.dictionaries.factor.ActiveSetDictionary;
import dev.facet.dictionaries.linalg.ActiveSetVjp;
import dev.facet.spi.Provenance;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.util.Map;

/**
 * An archetypal-analysis dictionary (Cutler and Breiman 1994): the atoms are the archetypes
 * D = W·X_train (c × d), convex combinations of training rows, and a row x is coded by
 * simplex-constrained least squares {@code argmin_{z ∈ Δ} ‖x − z·D‖²} ({@link ArchetypalCodes}), so
 * unseen rows are coded too (inductive). Differentiable on each row's support S with the simplex
 * constraint's multiplier ({@link ActiveSetVjp#simplex}). Saved with the extra tensor {@value #WEIGHTS}, the
 * mixing weights W (c × n_train, rows on the simplex), when they are known.
 */
public final class ArchetypalAnalysisDictionary extends ActiveSetDictionary {

    /** Saved name of W. */
    public static final String WEIGHTS = "archetype_weights";

    private final FloatMatrix weights;
    private final int encodeMaxIter;
    private final double encodeTol;

    ArchetypalAnalysisDictionary(FloatMatrix atoms, FloatMatrix weights, Map<String, Object> hyperparameters,
                                 int encodeMaxIter, double encodeTol, Provenance provenance) {
        super(ArchetypalAnalysisFactory.ID, atoms, null, hyperparameters, provenance);
        if (weights != null && weights.rows() != atoms.rows()) {
            throw new InvalidDataException("Archetype weights have " + weights.rows() + " rows, expected one per"
                    + " archetype (" + atoms.rows() + ")");
        }
        this.weights = weights;
        this.encodeMaxIter = encodeMaxIter;
        this.encodeTol = encodeTol;
    }

    /** W (c × n_train), each row on the simplex, with atoms = W·X_train; {@code null} when not saved. */
    public FloatMatrix archetypeWeights() {
        return weights;
    }

    @Override
    protected FloatMatrix encodeDense(FloatMatrix x) {
        return ArchetypalCodes.encode(x, atoms(), encodeMaxIter, encodeTol);
    }

    @Override
    protected FloatMatrix codeGradient(FloatMatrix codes, FloatMatrix upstream) {
        return ActiveSetVjp.simplex(codes, atoms(), upstream);
    }

    @Override
    protected Map<String, Tensor> extraTensors() {
        if (weights == null) {
            return Map.of();
        }
        return Map.of(WEIGHTS, new Tensor(new long[] {weights.rows(), weights.cols()}, weights.data()));
    }
}
