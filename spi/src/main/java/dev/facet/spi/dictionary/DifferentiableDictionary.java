package dev.facet.spi.dictionary;

import dev.facet.spi.tensor.FloatMatrix;

/**
 * A dictionary that declares {@link dev.facet.spi.Capability#ENCODER_GRADIENTS}: it returns the
 * vector–Jacobian product of its encoder, the gradient of {@code sum(encode(x) ⊙ upstream)} with respect
 * to the rows {@code x}. Computed on heap values, so the backbone that produced {@code x} and the
 * dictionary may run on different engines; chained with the backbone's input gradient it gives
 * ∂(concept value)/∂pixels for gradient attributions of a concept.
 *
 * <p>Sparse codes are piecewise smooth in {@code x}: the product is taken on the active set of each row
 * (TopK, BatchTopK and JumpReLU pass the gradient of the selected pre-activations only).
 */
public interface DifferentiableDictionary extends Dictionary {

    /**
     * The gradient of {@code sum(encode(x) ⊙ upstream)} with respect to {@code x}.
     *
     * @param x        input rows (n × d), the rows {@link #encode} would take (whole images where the
     *                 encoder mixes an image's tokens)
     * @param upstream weights of the codes (n × c)
     * @return the gradient (n × d)
     * @throws dev.facet.spi.InvalidDataException for shapes that do not match or non-finite values
     */
    FloatMatrix encodeGradient(FloatMatrix x, FloatMatrix upstream);

    /**
     * The gradient of {@code sum(pre(x) ⊙ upstream)}, where {@code pre} is the encoder's value before its
     * sparsifier selects (ReLU, TopK, BatchTopK, the JumpReLU threshold). On a concept's active entries it
     * equals {@link #encodeGradient}; on entries that are off it is what would move them on, which
     * {@link #encodeGradient} cannot (it is 0 there). Feature visualization ascends a concept with it, a
     * straight-through estimate of the sparsifier's gradient (Bengio et al. 2013, "Estimating or Propagating
     * Gradients Through Stochastic Neurons"). Dictionaries whose codes have no separate pre-activation
     * (coded by least squares) return {@link #encodeGradient}.
     *
     * @param x        input rows (n × d)
     * @param upstream weights of the pre-activations (n × c)
     * @return the gradient (n × d)
     * @throws dev.facet.spi.InvalidDataException for shapes that do not match or non-finite values
     */
    default FloatMatrix preactivationGradient(FloatMatrix x, FloatMatrix upstream) {
        return encodeGradient(x, upstream);
    }
}
