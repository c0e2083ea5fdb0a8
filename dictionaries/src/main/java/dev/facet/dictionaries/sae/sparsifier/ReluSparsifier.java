package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The vanilla SAE sparsifier z = relu(pre), made sparse by an L1 penalty in the loss. */
public final class ReluSparsifier implements Sparsifier {

    @Override
    public NDArray codes(NDArray pre, NDArray centred, NDArray atoms, boolean training) {
        return Activation.relu(pre);
    }

    @Override
    public String id() {
        return "relu";
    }
}
