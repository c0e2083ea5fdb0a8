package dev.facet.spi.visual;

import dev.facet.spi.run.RunContext;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws pictures of one concept for the report: heatmaps over top images, evidence and zoom views,
 * or feature visualizations (MACO, Fel et al. 2023) for backbones with input gradients.
 */
public interface ConceptVisualizer {

    /** Writes pictures for {@code request} and returns their paths, in display order. */
    List<Path> render(VisualizationRequest request, RunContext context);
}
