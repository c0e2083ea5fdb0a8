package dev.facet.pipeline;

import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.report.atlas.AtlasConcept;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.FacetException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.VisualizationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs plugin {@link ConceptVisualizer}s on one concept: each writes into its own folder of the
 * atlas ({@code concepts/c00042-<id>/}), and every picture it returns must lie there. Calls are
 * serialised on the backbone, which a visualizer may run.
 */
final class ConceptVisualizers {

    /** A visualizer with the id it was created under. */
    record Named(String id, ConceptVisualizer visualizer) {
    }

    private final List<Named> visualizers;
    private final Backbone backbone;
    private final String hookPoint;
    private final Dictionary dictionary;
    private final Path directory;
    private final RunContext context;

    ConceptVisualizers(List<Named> visualizers, Backbone backbone, String hookPoint, Dictionary dictionary, Path directory,
                       RunContext context) {
        this.visualizers = List.copyOf(visualizers);
        this.backbone = backbone;
        this.hookPoint = hookPoint;
        this.dictionary = dictionary;
        this.directory = directory.toAbsolutePath().normalize();
        this.context = context;
    }

    boolean isEmpty() {
        return visualizers.isEmpty();
    }

    /** The visualizers' pictures of {@code concept} given its top image files, best first. */
    List<AtlasConcept.Picture> render(int concept, List<Path> topImages) {
        List<AtlasConcept.Picture> pictures = new ArrayList<>();
        for (Named named : visualizers) {
            Path folder = directory.resolve(String.format(Locale.ROOT, "concepts/c%05d-%s", concept, named.id()));
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new FacetException("Cannot create " + folder + " for visualizer '" + named.id() + "': " + e, e);
            }
            List<Path> made;
            synchronized (backbone) {
                made = named.visualizer().render(new VisualizationRequest(backbone, hookPoint, dictionary, concept,
                        ConceptObjective.of(backbone.info().hookPoint(hookPoint), dictionary, concept, ImageScore.MEAN),
                        topImages, null, folder), context);
            }
            for (Path path : made) {
                Path file = path.toAbsolutePath().normalize();
                if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                    throw new InvalidDataException("Visualizer '" + named.id() + "' returned " + path + " for concept "
                            + concept + "; expected a file it wrote inside " + folder);
                }
                pictures.add(new AtlasConcept.Picture(named.id(), directory.relativize(file).toString().replace('\\', '/')));
            }
        }
        return pictures;
    }
}
