/**
 * The sparse TopK training step (docs/algorithms.md#sparse-topk-step): gradients computed on the selected
 * atoms only, equal to those of the dense reference step.
 */
package dev.facet.dictionaries.sae.sparse;
