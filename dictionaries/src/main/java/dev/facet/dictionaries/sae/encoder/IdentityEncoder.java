package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;

/**
 * No encoder: {@code pre = x − b_dec}. Used by matching-pursuit sparsifiers, which compute their
 * codes from the residual and the dictionary, or when the concepts equal the input width.
 */
public final class IdentityEncoder implements Encoder {

    @Override
    public NDArray forward(NDArray centred, NDArray atoms, boolean training) {
        return centred;
    }

    @Override
    public String id() {
        return "identity";
    }
}
