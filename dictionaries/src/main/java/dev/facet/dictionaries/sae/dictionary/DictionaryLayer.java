package dev.facet.dictionaries.sae.dictionary;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The dictionary D (c × d, one atom per row) of a sparse autoencoder, as a differentiable
 * function of its parameters, with the constraint applied around each optimiser step.
 * Parameters are registered under names starting with {@code dictionary.}.
 */
public interface DictionaryLayer {

    /** The atoms D (c × d), differentiable with respect to the layer's parameters. */
    NDArray atoms();

    /** Adjusts the gradients (by parameter name) before the optimiser step; nothing by default. */
    default void beforeStep(Map<String, NDArray> gradients) {
    }

    /** Restores the constraint after the optimiser step (e.g. unit-norm atoms). */
    void afterStep();

    /**
     * Name of the trainable parameter that <em>is</em> D when {@link #atoms()} returns it
     * unchanged, or {@code null} when D is computed from other parameters.
     */
    String plainWeightName();

    /** The configuration id. */
    String id();
}
