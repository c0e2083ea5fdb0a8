package dev.facet.dictionaries.sae.dictionary;

import ai.djl.ndarray.NDArray;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;
import java.util.Map;

/**
 * A free dictionary W (c × d) kept on a norm constraint ({@link AtomNorm}), optionally scaled by a
 * learned scalar: D = W·exp(m). With the {@code l2} constraint the gradient component parallel to
 * each atom is removed before the step (Bricken et al. 2023, "Towards Monosemanticity"), since
 * the projection would undo it.
 */
public final class NormalizedDictionary implements DictionaryLayer {

    public static final String WEIGHT = "dictionary.weight";
    public static final String LOG_MULTIPLIER = "dictionary.log_multiplier";

    private final AtomNorm norm;
    private final NDArray weight;
    private final NDArray logMultiplier;

    public NormalizedDictionary(SaeParameters parameters, SaeShape shape, AtomNorm norm, boolean multiplier,
                                float[] initialAtoms) {
        this.norm = norm;
        this.weight = parameters.addTrainable(WEIGHT, initialAtoms.clone(), shape.concepts(), shape.inputDim());
        this.logMultiplier = multiplier ? parameters.addTrainable(LOG_MULTIPLIER, new float[1], 1) : null;
        norm.project(weight);
    }

    @Override
    public NDArray atoms() {
        return logMultiplier == null ? weight : weight.mul(logMultiplier.exp());
    }

    @Override
    public void beforeStep(Map<String, NDArray> gradients) {
        NDArray gradient = gradients.get(WEIGHT);
        if (norm == AtomNorm.L2 && gradient != null) {
            gradient.subi(weight.mul(gradient.mul(weight).sum(new int[] {1}, true)));
        }
    }

    @Override
    public void afterStep() {
        norm.project(weight);
    }

    @Override
    public String plainWeightName() {
        return logMultiplier == null ? WEIGHT : null;
    }

    public AtomNorm norm() {
        return norm;
    }

    @Override
    public String id() {
        return norm.id();
    }
}
