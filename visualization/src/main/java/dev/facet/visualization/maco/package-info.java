/**
 * The mathematics of MACO (Fel et al. 2023, "Unlocking Feature Visualization for Deeper Networks
 * with MAgnitude Constrained Optimization"): the magnitude spectrum, the Fourier-phase image
 * parametrisation with its exact gradient, the colour decorrelation and the random crops
 * (docs/algorithms.md#feature-visualization-maco).
 */
package dev.facet.visualization.maco;
