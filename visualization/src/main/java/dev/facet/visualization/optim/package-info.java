/**
 * First-order optimisers for feature visualization: Adam (Kingma and Ba 2015) and Nadam (Dozat
 * 2016), matching PyTorch's {@code torch.optim.Adam} and {@code torch.optim.NAdam}
 * (docs/algorithms.md#optimisers).
 */
package dev.facet.visualization.optim;
