package dev.facet.visualization;

import dev.facet.spi.run.RunContext;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.VisualizationRequest;
import java.nio.file.Path;
import java.util.List;

/** Draws a concept with {@link PixelVisualization}: its image, transparency and their product. */
final class PixelVisualizer implements ConceptVisualizer {
    private final PixelSettings settings;

    PixelVisualizer(PixelSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<Path> render(VisualizationRequest request, RunContext context) {
        FeatureVisualization visualization = PixelVisualization.builder().setBackbone(request.backbone())
                .setObjective(request.objective()).optSettings(settings).run(context);
        return VisualizationPictures.write(visualization, request.outputDir());
    }
}
