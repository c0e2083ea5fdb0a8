package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;

/**
 * The encoder of a sparse autoencoder: pre-activations {@code pre = enc(x − b_dec)} from which a
 * sparsifier picks the codes. Implementations register their parameters in the model's
 * {@link dev.facet.dictionaries.sae.SaeParameters} under names starting with {@code encoder.}.
 *
 * <p>Following the TopK practice of Gao et al. (2024), "Scaling and evaluating sparse
 * autoencoders", encoders whose last layer maps to the concepts start from Dᵀ.
 */
public interface Encoder {

    /**
     * Pre-activations (n × c).
     *
     * @param centred  x − b_dec (n × d)
     * @param atoms    the current dictionary D (c × d), for tied encoders
     * @param training whether this pass trains (batch statistics, dropout-free otherwise)
     */
    NDArray forward(NDArray centred, NDArray atoms, boolean training);

    /** The configuration id ({@code linear}, {@code mlp}, …). */
    String id();
}
