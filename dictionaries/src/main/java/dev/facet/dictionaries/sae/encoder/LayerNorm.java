package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.SaeParameters;

/**
 * Layer normalisation (Ba, Kiros, Hinton 2016, "Layer Normalization") over the last axis:
 * {@code (y − mean)/sqrt(var + ε)·g + b} with the biased variance of each row and ε = 1e-5; the gain
 * g starts at 1 and the bias b at 0. Same in training and inference.
 */
final class LayerNorm implements FeatureNorm {

    private final NDArray gain;
    private final NDArray bias;

    LayerNorm(SaeParameters parameters, String prefix, int features) {
        this.gain = parameters.addTrainable(prefix + ".weight", HeapInit.filled(features, 1f), features);
        this.bias = parameters.addTrainable(prefix + ".bias", new float[features], features);
    }

    @Override
    public NDArray apply(NDArray y, boolean training) {
        return standardise(y).mul(gain).add(bias);
    }

    /** The normalised values before gain and bias. */
    static NDArray standardise(NDArray y) {
        int[] last = {y.getShape().dimension() - 1};
        NDArray centred = y.sub(y.mean(last, true));
        return centred.div(centred.square().mean(last, true).add(EPSILON).sqrt());
    }
}
