package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;

/** {@code pre = (x − b_dec)·Wᵀ + b} with W (c × d) initialised to the dictionary D and b to zero. */
public final class LinearEncoder implements AffineEncoder {

    public static final String WEIGHT = "encoder.weight";
    public static final String BIAS = "encoder.bias";

    private final NDArray weight;
    private final NDArray bias;

    public LinearEncoder(SaeParameters parameters, SaeShape shape, float[] initialAtoms) {
        this.weight = parameters.addTrainable(WEIGHT, initialAtoms.clone(), shape.concepts(), shape.inputDim());
        this.bias = parameters.addTrainable(BIAS, new float[shape.concepts()], shape.concepts());
    }

    @Override
    public NDArray forward(NDArray centred, NDArray atoms, boolean training) {
        return Linear.linear(centred, weight, bias).singletonOrThrow();
    }

    @Override
    public NDArray weight(NDArray atoms) {
        return weight;
    }

    @Override
    public NDArray bias() {
        return bias;
    }

    @Override
    public String weightName() {
        return WEIGHT;
    }

    @Override
    public String biasName() {
        return BIAS;
    }

    @Override
    public String id() {
        return "linear";
    }
}
