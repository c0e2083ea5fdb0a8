package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.facet.spi.ConfigException;

/**
 * Keeps the k largest entries of relu(pre) in each row and zeroes the rest (Gao et al. 2024,
 * "Scaling and evaluating sparse autoencoders"). Gradients flow to the kept entries only.
 */
public final class TopKSparsifier implements Sparsifier {

    private final int k;

    public TopKSparsifier(int k, int concepts) {
        if (k < 1 || k > concepts) {
            throw ConfigException.outOfRange("k", k, "1.." + concepts + " (the number of concepts)");
        }
        this.k = k;
    }

    @Override
    public NDArray codes(NDArray pre, NDArray centred, NDArray atoms, boolean training) {
        NDArray kth = pre.stopGradient().topK(k, 1, true, false).get(0).min(new int[] {1}, true);
        return Activation.relu(pre).mul(pre.stopGradient().gte(kth).toType(DataType.FLOAT32, false));
    }

    @Override
    public String id() {
        return "topk";
    }

    @Override
    public int k() {
        return k;
    }
}
