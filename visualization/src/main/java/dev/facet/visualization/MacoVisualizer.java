package dev.facet.visualization;

import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.VisualizationRequest;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws a concept with {@link Maco}: its image, transparency and their product. The magnitude spectrum is
 * the configured file or, without one, estimated once from the request's dataset sample.
 */
final class MacoVisualizer implements ConceptVisualizer {
    private final MacoSettings settings;
    private final MagnitudeSpectrum configured;
    private Tensor estimatedFrom;
    private MagnitudeSpectrum estimated;

    MacoVisualizer(MacoSettings settings, MagnitudeSpectrum configured) {
        this.settings = settings;
        this.configured = configured;
    }

    @Override
    public List<Path> render(VisualizationRequest request, RunContext context) {
        Maco.Builder maco = Maco.builder().setBackbone(request.backbone());
        FeatureVisualization visualization = maco.setObjective(request.objective()).setSpectrum(spectrum(request))
                .optSettings(settings).run(context);
        return VisualizationPictures.write(visualization, request.outputDir());
    }

    private synchronized MagnitudeSpectrum spectrum(VisualizationRequest request) {
        if (configured != null) {
            return configured;
        }
        Tensor sample = request.sample();
        if (sample == null) {
            throw new ConfigException("Visualizer 'maco' needs a magnitude spectrum: configure its setting 'spectrum'"
                    + " (a .npy file) or run it where the host gives a sample of dataset images");
        }
        if (sample != estimatedFrom) {
            estimated = estimate(sample, request.backbone().info().input());
            estimatedFrom = sample;
        }
        return estimated;
    }

    /** The spectrum of preprocessed pixels: undoes the normalisation and the BGR order, then estimates. */
    static MagnitudeSpectrum estimate(Tensor sample, InputSpec input) {
        int channels = (int) sample.dim(1);
        if (channels != input.channels()) {
            throw new ConfigException("Visualizer 'maco': the sample has " + channels + " channel(s), the model takes "
                    + input.channels());
        }
        return MagnitudeSpectrum.fromModelInput(List.of(sample), input);
    }
}
