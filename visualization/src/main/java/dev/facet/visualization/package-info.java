/**
 * Feature visualization: images optimised to drive an objective (a concept, a class logit, a channel
 * or a direction) through a backbone's input gradients. MACO (Fel et al. 2023, "Unlocking Feature
 * Visualization for Deeper Networks with MAgnitude Constrained Optimization") learns the phase of a
 * fixed natural magnitude spectrum; the pixel-space baseline (Olah et al. 2017, "Feature
 * Visualization") optimises pixels under jitter, L2 and total-variation penalties.
 */
package dev.facet.visualization;
