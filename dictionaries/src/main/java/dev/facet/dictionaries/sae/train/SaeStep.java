package dev.facet.dictionaries.sae.train;

import ai.djl.ndarray.NDArray;
import dev.facet.dictionaries.sae.SparseAutoencoder;

/**
 * Computes the loss and the gradients of one batch. Two implementations compute the same
 * values: {@link DenseStep} through the engine's autograd on dense n × c codes, the way Python
 * libraries do it, and {@link dev.facet.dictionaries.sae.sparse.SparseTopKStep}, which for
 * TopK-family models touches only the selected atoms.
 */
public interface SaeStep {

    /**
     * @param model the model (its sparsifier state may be updated, as in a training forward pass)
     * @param batch raw input rows (n × d), not yet scaled
     * @param dead  float mask (c) of dead latents
     */
    StepResult compute(SparseAutoencoder model, NDArray batch, NDArray dead);

    /** "dense" or "sparse". */
    String id();
}
