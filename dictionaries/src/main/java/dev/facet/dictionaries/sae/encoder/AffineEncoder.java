package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;

/**
 * An encoder that is one affine map {@code pre = (x − b_dec)·Wᵀ + b}; the sparse TopK path computes
 * its gradients on the selected concepts only.
 */
public interface AffineEncoder extends Encoder {

    /** W (c × d): the encoder's own weight, or the dictionary when tied. */
    NDArray weight(NDArray atoms);

    /** b (c). */
    NDArray bias();

    /** Name of W among the trainable parameters, or {@code null} when W is the dictionary itself. */
    String weightName();

    /** Name of b among the trainable parameters. */
    String biasName();
}
