package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.dictionaries.sae.SaeShape;

/** Weights tied to the dictionary: {@code pre = (x − b_dec)·Dᵀ + b}. */
public final class TiedEncoder implements AffineEncoder {

    public static final String BIAS = "encoder.bias";

    private final NDArray bias;

    public TiedEncoder(SaeParameters parameters, SaeShape shape) {
        this.bias = parameters.addTrainable(BIAS, new float[shape.concepts()], shape.concepts());
    }

    @Override
    public NDArray forward(NDArray centred, NDArray atoms, boolean training) {
        return Linear.linear(centred, atoms, bias).singletonOrThrow();
    }

    @Override
    public NDArray weight(NDArray atoms) {
        return atoms;
    }

    @Override
    public NDArray bias() {
        return bias;
    }

    @Override
    public String weightName() {
        return null;
    }

    @Override
    public String biasName() {
        return BIAS;
    }

    @Override
    public String id() {
        return "tied";
    }
}
