package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;

/**
 * Turns encoder pre-activations into sparse codes z (n × c, dense layout). Sparsifiers with
 * state (a threshold) register it in the model's parameters under names starting with
 * {@code sparsifier.} so it is saved with the dictionary.
 */
public interface Sparsifier {

    /**
     * The codes of one batch.
     *
     * @param pre      encoder pre-activations (n × c)
     * @param centred  x − b_dec (n × d), for pursuit sparsifiers that work on the residual
     * @param atoms    the dictionary D (c × d)
     * @param training whether this is a training pass (batch statistics; state updates)
     */
    NDArray codes(NDArray pre, NDArray centred, NDArray atoms, boolean training);

    /** The configuration id. */
    String id();

    /** Active codes per sample this sparsifier aims for, or 0 when it has no fixed budget. */
    default int k() {
        return 0;
    }
}
