package dev.facet.cli;

import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.pipeline.LimitedImageSource;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.tensor.Tensor;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real images {@code facet visualize} compares its visualizations with: the first images of
 * {@code --images}, preprocessed for the backbone and held in batches. They give the magnitude spectrum of
 * MACO (Fel et al. 2023) ({@link #spectrum}), and the objectives' values on
 * natural images ({@link #scores}).
 */
final class RealImages {
    private final String name;
    private final InputSpec input;
    private final List<Tensor> batches;
    private final int count;
    private final int skipped;

    private RealImages(String name, InputSpec input, List<Tensor> batches, int skipped) {
        this.name = name;
        this.input = input;
        this.batches = List.copyOf(batches);
        this.count = batches.stream().mapToInt(b -> (int) b.dim(0)).sum();
        this.skipped = skipped;
    }

    /**
     * Reads up to {@code limit} images of {@code path} through the backbone's preprocessing, unreadable ones
     * skipped.
     *
     * @throws InvalidDataException when none is readable
     */
    static RealImages read(Path path, int limit, long maxPixels, InputSpec input, int batchSize,
            CancellationToken cancellation) {
        ImageSource source = LimitedImageSource.of(ImageSources.open(path, ImageLimits.defaults().withMaxPixels(maxPixels)),
                limit);
        List<Tensor> batches = new ArrayList<>();
        int skipped;
        try (ImageBatchLoader loader = ImageBatchLoader.open(source, new ImagePreprocessor(input),
                LoaderOptions.withBatchSize(batchSize).withThreads(1), cancellation)) {
            while (loader.hasNext()) {
                ImageBatch batch = loader.next();
                batches.add(batch.pixels());
            }
            skipped = loader.skipped().size();
        }
        if (batches.isEmpty()) {
            throw new InvalidDataException("facet visualize --images: no readable image in " + source.name());
        }
        return new RealImages(source.name(), input, batches, skipped);
    }

    /** What the images are, for {@code visualize.json}. */
    Map<String, Object> description() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("path", name);
        description.put("count", count);
        description.put("skipped", skipped);
        return description;
    }

    int count() {
        return count;
    }

    /** MACO's magnitude spectrum of these images ({@link MagnitudeSpectrum#fromModelInput}). */
    MagnitudeSpectrum spectrum() {
        return MagnitudeSpectrum.fromModelInput(batches, input);
    }

    /** The score of every objective on every image, one forward pass per batch for all of them. */
    List<double[]> scores(Backbone backbone, List<Objective> objectives) {
        List<String> hooks = objectives.stream().map(Objective::hookPoint).distinct().toList();
        List<double[]> scores = new ArrayList<>();
        objectives.forEach(objective -> scores.add(new double[count]));
        int offset = 0;
        for (Tensor batch : batches) {
            Map<String, Tensor> activations = backbone.forward(batch, hooks);
            for (int i = 0; i < objectives.size(); i++) {
                double[] batchScores = objectives.get(i).scores(activations.get(objectives.get(i).hookPoint()));
                System.arraycopy(batchScores, 0, scores.get(i), offset, batchScores.length);
            }
            offset += (int) batch.dim(0);
        }
        return scores;
    }
}
