/**
 * Metrics over dictionaries and codes (docs/algorithms.md#metrics): norms and sparsity ({@link
 * dev.facet.dictionaries.metrics.Sparsity}), reconstruction and R² with the per-feature mean
 * ({@link dev.facet.dictionaries.metrics.Reconstruction}), code statistics ({@link
 * dev.facet.dictionaries.metrics.CodeStatistics}), atom collinearity, distribution distances, the
 * streaming {@link dev.facet.dictionaries.metrics.StreamingEvaluator}, Hungarian matching of atoms
 * and the seed {@link dev.facet.dictionaries.metrics.Stability} of a learner.
 */
package dev.facet.dictionaries.metrics;
