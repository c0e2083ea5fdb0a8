package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.SaeParameters;
import java.util.SplittableRandom;

/**
 * An affine map {@code y = x·Wᵀ + b} over the last axis, W (out × in) in PyTorch layout, registered
 * as {@code prefix.weight} and {@code prefix.bias}. Applied with the engine's fused linear op, so
 * every temporary belongs to the input's manager.
 */
final class DenseLayer {

    private final NDArray weight;
    private final NDArray bias;

    private DenseLayer(NDArray weight, NDArray bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /** PyTorch's default {@code nn.Linear} init: weight and bias drawn from U(−1/√in, 1/√in). */
    static DenseLayer pytorchDefault(SaeParameters parameters, String prefix, int in, int out,
                                     SplittableRandom random) {
        double bound = 1 / Math.sqrt(in);
        NDArray weight = parameters.addTrainable(prefix + ".weight", HeapInit.uniform(random, out * in, bound), out, in);
        NDArray bias = parameters.addTrainable(prefix + ".bias", HeapInit.uniform(random, out, bound), out);
        return new DenseLayer(weight, bias);
    }

    /** A layer with the given weight (out × in, row-major) and a zero bias. */
    static DenseLayer of(SaeParameters parameters, String prefix, float[] weight, int in, int out) {
        if (weight.length != (long) in * out) {
            throw new IllegalArgumentException("Initial weight of '" + prefix + "' has " + weight.length
                    + " values; expected " + out + " × " + in + " = " + (long) in * out);
        }
        return new DenseLayer(parameters.addTrainable(prefix + ".weight", weight.clone(), out, in),
                parameters.addTrainable(prefix + ".bias", new float[out], out));
    }

    NDArray apply(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    NDArray weight() {
        return weight;
    }

    NDArray bias() {
        return bias;
    }
}
