package dev.facet.pipeline;

import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.report.atlas.AtlasConcept;
import dev.facet.spi.Capability;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.VisualizationRequest;
import dev.facet.visualization.VisualizationMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs plugin {@link ConceptVisualizer}s on one concept: each writes into its own folder of the
 * atlas ({@code concepts/c00042-<id>/}), and every picture it returns must lie there. Calls are
 * serialised on the backbone, which a visualizer may run. Each request carries the concept's mean
 * objective and the run's {@link DatasetSample}. The pictures of the feature visualizers
 * ({@link #FEATURE_VISUALIZERS}: image, transparency and product, in that order) are marked with their
 * {@link AtlasConcept.Picture#kind() kind}, so the atlas shows them beside the top images.
 */
final class ConceptVisualizers {

    /**
     * Ids of the visualizers that draw a feature visualization and return its image, transparency and
     * product: the built-in {@link VisualizationMethod}s, {@code maco} (Fel et al. 2023) and {@code pixel}
     * (Olah et al. 2017).
     */
    static final Set<String> FEATURE_VISUALIZERS = Arrays.stream(VisualizationMethod.values())
            .map(method -> method.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private static final List<String> FEATURE_KINDS = List.of(AtlasConcept.Picture.FEATURE_IMAGE,
            AtlasConcept.Picture.FEATURE_TRANSPARENCY, AtlasConcept.Picture.FEATURE_PRODUCT);

    /** A visualizer with the id it was created under. */
    record Named(String id, ConceptVisualizer visualizer) {
    }

    private final List<Named> visualizers;
    private final Backbone backbone;
    private final String hookPoint;
    private final Dictionary dictionary;
    private final Tensor sample;
    private final Path directory;
    private final RunContext context;

    /**
     * @param sample preprocessed pixels (n, c, h, w) of images of the dataset, the same for every concept
     *               (a {@link DatasetSample}), or {@code null} for none
     */
    ConceptVisualizers(List<Named> visualizers, Backbone backbone, String hookPoint, Dictionary dictionary,
                       Tensor sample, Path directory, RunContext context) {
        this.visualizers = List.copyOf(visualizers);
        this.backbone = backbone;
        this.hookPoint = hookPoint;
        this.dictionary = dictionary;
        this.sample = sample;
        this.directory = directory.toAbsolutePath().normalize();
        this.context = context;
    }

    /**
     * Refuses, before anything runs, a visualizer whose factory requires what the backbone does not
     * provide; one that needs input gradients ascends the concept's objective through the dictionary's
     * encoder, so it needs {@link Capability#ENCODER_GRADIENTS} of the dictionary's learner too.
     *
     * @param backbone     the backbone's name for the message, e.g. {@code backbone 'onnx'}
     * @param dictionary   the dictionary's (or its learner's) name for the message
     * @param dictionaryProvides what the dictionary provides
     * @throws dev.facet.spi.MissingCapabilityException naming the visualizer, what is missing and the component
     */
    static void requireCompatible(String id, Set<Capability> required, String backbone,
                                  Set<Capability> backboneProvides, String dictionary,
                                  Set<Capability> dictionaryProvides) {
        String requirer = "report visualizer '" + id + "'";
        MissingCapabilityException.check(requirer, required, backbone, backboneProvides);
        if (required.contains(Capability.INPUT_GRADIENTS)) {
            MissingCapabilityException.check(requirer, Set.of(Capability.ENCODER_GRADIENTS), dictionary,
                    dictionaryProvides);
        }
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
                        ConceptObjective.of(backbone.info().hookPoint(hookPoint), dictionary, concept, ImageScore.MEAN)
                                .straightThrough(),
                        topImages, sample, folder), context);
            }
            boolean feature = FEATURE_VISUALIZERS.contains(named.id());
            if (feature && made.size() != FEATURE_KINDS.size()) {
                throw new InvalidDataException("Visualizer '" + named.id() + "' returned " + made.size()
                        + " pictures for concept " + concept + "; expected its feature visualization's image, "
                        + "transparency and product");
            }
            for (int i = 0; i < made.size(); i++) {
                Path path = made.get(i);
                Path file = path.toAbsolutePath().normalize();
                if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                    throw new InvalidDataException("Visualizer '" + named.id() + "' returned " + path + " for concept "
                            + concept + "; expected a file it wrote inside " + folder);
                }
                pictures.add(new AtlasConcept.Picture(named.id(), directory.relativize(file).toString().replace('\\', '/'),
                        feature ? FEATURE_KINDS.get(i) : null));
            }
        }
        return pictures;
    }
}
