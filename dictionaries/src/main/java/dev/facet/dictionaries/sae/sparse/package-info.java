/**
 * The sparse TopK training step (REFERENCE §1, last paragraph): gradients computed on the selected
 * atoms only, equal to those of the dense reference step.
 */
package dev.facet.dictionaries.sae.sparse;
