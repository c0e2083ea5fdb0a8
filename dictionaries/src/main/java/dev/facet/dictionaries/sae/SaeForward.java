package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDArray;

/**
 * One forward pass of a sparse autoencoder, the triple Python users know as
 * {@code (pre_codes, codes, x_hat)}, plus the intermediate values losses need.
 *
 * @param input          the batch x (n × d), after input normalisation
 * @param centred        x − b_dec
 * @param pre            encoder pre-activations (n × c)
 * @param codes          sparse codes z (n × c, dense layout)
 * @param reconstruction x̂ = z·D + b_dec (n × d)
 * @param atoms          the dictionary D (c × d) used for x̂
 */
public record SaeForward(NDArray input, NDArray centred, NDArray pre, NDArray codes, NDArray reconstruction,
                         NDArray atoms) {
}
