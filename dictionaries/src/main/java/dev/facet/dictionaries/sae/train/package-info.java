/**
 * The SAE training loop: Adam with warm-up and cosine decay, clipping, dead-latent tracking,
 * logs, checkpoints, and the dense reference step ({@link dev.facet.dictionaries.sae.train.DenseStep}).
 */
package dev.facet.dictionaries.sae.train;
