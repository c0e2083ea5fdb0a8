package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;
import dev.facet.dictionaries.sae.SaeForward;
import dev.facet.dictionaries.sae.SparseAutoencoder;

/**
 * What a loss term sees: the forward pass, the model, and which latents are dead.
 *
 * @param forward the pass being trained
 * @param model   the model (dictionary, sparsifier, parameters)
 * @param dead    float mask (c) with 1 for latents that have not fired within the dead window
 */
public record LossInput(SaeForward forward, SparseAutoencoder model, NDArray dead) {
}
