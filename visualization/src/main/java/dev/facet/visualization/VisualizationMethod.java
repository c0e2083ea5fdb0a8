package dev.facet.visualization;

/** The feature-visualization methods of this module. */
public enum VisualizationMethod {
    /** {@link Maco}: learned phase of a fixed natural magnitude spectrum (Fel et al. 2023). */
    MACO,
    /** {@link PixelVisualization}: pixels under jitter, L2 and total variation (Olah et al. 2017). */
    PIXEL
}
