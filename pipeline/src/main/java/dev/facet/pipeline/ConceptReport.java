package dev.facet.pipeline;

import dev.facet.pipeline.scan.ConceptActivity;
import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ConceptScanner;
import dev.facet.pipeline.scan.LocalConceptScanner;
import dev.facet.pipeline.scan.TopImages;
import dev.facet.dictionaries.metrics.NearestConcepts;
import dev.facet.extractors.images.ImageSource;
import dev.facet.report.atlas.Atlas;
import dev.facet.report.atlas.AtlasClass;
import dev.facet.report.atlas.AtlasConcept;
import dev.facet.report.atlas.AtlasOverview;
import dev.facet.report.atlas.AtlasWriter;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.plugins.FacetRegistry;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.AttributionFactory;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.visual.ConceptVisualizer;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.io.OutputDirectory;
import dev.facet.spi.io.StagedDirectory;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DifferentiableDictionary;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the concept atlas of a dictionary: one streamed pass over the images computes every
 * image's concept maps (docs/algorithms.md#concept-maps), keeps each concept's top images with their
 * maps, its firing statistics and activation histogram; then each concept's pictures are drawn (heatmap
 * overlays, evidence views, zoom crops, histogram) and {@link AtlasWriter} writes the browsable
 * directory. Memory holds the top images' small grid maps, not all maps. The output depends only on the
 * inputs and settings (pictures are drawn in parallel into distinct files).
 */
public final class ConceptReport {
    private static final Logger LOG = LoggerFactory.getLogger(ConceptReport.class);
    /** The file every atlas holds: a directory with it is an older atlas that may be replaced. */
    private static final String MARKER = "concepts.json";

    private final Backbone backbone;
    private final String hookPoint;
    private final ImageSource images;
    private final Dictionary dictionary;
    private final String learner;
    private final ReportSettings settings;
    private final String tokens;
    private final Path dictionaryDirectory;
    private final Path metrics;
    private final Path importance;
    private final double[] stability;
    private final int batchSize;
    private final int threads;
    private final Map<String, String> details;
    private final String attributionId;
    private final Attribution attribution;
    private final List<ConceptVisualizers.Named> visualizers;
    private final ConceptScanner scanner;

    private ConceptReport(Builder b) {
        this.backbone = b.backbone;
        this.hookPoint = b.hookPoint;
        this.images = b.images;
        this.dictionary = b.dictionary;
        this.learner = b.learner;
        this.settings = b.settings;
        this.tokens = b.tokens;
        this.dictionaryDirectory = b.dictionaryDirectory;
        this.metrics = b.metrics;
        this.importance = b.importance;
        this.stability = b.stability;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.details = b.details;
        this.attributionId = b.attributionId;
        this.attribution = b.attribution;
        this.visualizers = List.copyOf(b.visualizers);
        this.scanner = b.scanner;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What was written.
     *
     * @param index    the atlas's {@code index.html}
     * @param images   images the maps were computed on
     * @param concepts concepts in the atlas
     * @param drawn    concepts with pictures
     * @param scanSeconds seconds of the pass over the images (forward, encode, top images, statistics)
     * @param drawSeconds seconds spent drawing the pictures and writing the atlas
     */
    public record Summary(Path index, long images, int concepts, int drawn, double scanSeconds, double drawSeconds) {
    }

    /**
     * Computes the maps, draws the pictures and writes the atlas into {@code directory}, replacing an
     * older atlas there. The atlas is written into a staging directory beside it and renamed into
     * place when complete (see {@link StagedDirectory}): a failure or kill at any moment leaves the
     * older atlas or none, and the next write removes the leftovers.
     *
     * @throws InvalidDataException when no image could be read or no concept fired: the atlas would be empty
     * @throws dev.facet.spi.OutputLockedException when another writer is writing {@code directory}
     */
    public Summary write(Path directory, RunContext context) {
        try (StagedDirectory staged = StagedDirectory.begin(directory, "atlas", "an atlas", MARKER)) {
            Summary summary = write(staged.staging(), directory, context);
            staged.publish();
            LOG.info("Atlas of {} concepts ({} drawn) over {} images written to {}", summary.concepts(), summary.drawn(),
                    summary.images(), directory);
            return summary;
        }
    }

    /**
     * Refuses {@code directory} as an atlas's directory when {@link OutputDirectory#requireSafe} does: a
     * root, a system directory, or a non-empty directory that is not an atlas.
     *
     * @param field where the path was given, for the message (e.g. {@code "facet report --out"})
     */
    public static Path requireOutput(Path directory, String field) {
        return OutputDirectory.requireSafe(directory, field, "an atlas", MARKER);
    }

    /** Writes the atlas into {@code staging}; {@code directory} is where it will be published. */
    private Summary write(Path staging, Path directory, RunContext context) {
        int concepts = dictionary.info().concepts();
        TopImages top = TopImages.builder().setConcepts(concepts).setK(settings.topImages()).optScore(settings.score())
                .build();
        ConceptActivity activity = ConceptActivity.create(concepts, settings.histogramBins());
        DatasetSample sample = visualizers.isEmpty() ? null
                : DatasetSample.choose(images.size(), backbone.info().input(), context.seedFor("visualization sample"));
        long started = System.nanoTime();
        int[] sourceIndex = scan(top, activity, sample, context);
        long scanned = System.nanoTime();
        FloatMatrix atoms = dictionary.atoms();
        double[] energy = activity.energies(atoms);
        double[] frequency = activity.frequencies();
        NearestConcepts nearest = settings.nearest() == 0 ? null : NearestConcepts.of(atoms, settings.nearest());
        boolean[] draw = chooseDrawn(energy, frequency);
        int drawn = 0;
        for (boolean d : draw) {
            drawn += d ? 1 : 0;
        }
        if (drawn == 0) {
            throw new InvalidDataException("No concept of the dictionary fired on any of the " + sourceIndex.length
                    + " images of " + images.name() + ": the atlas of " + directory + " would draw nothing");
        }
        RunContext pluginContext = RunContext.builder().setOutputDirectory(staging).optSeed(context.seed())
                .optCancellation(context.cancellation()).build();
        ConceptAttributions attributions = attribution == null ? null : new ConceptAttributions(attributionId, attribution,
                backbone, hookPoint, dictionary, settings.score(), pluginContext);
        ConceptVisualizers visualizerRun = new ConceptVisualizers(visualizers, backbone, hookPoint, dictionary,
                sample == null ? null : sample.pixels(), staging, pluginContext);
        ConceptPictures pictures = new ConceptPictures(staging, settings, images, sourceIndex,
                backbone.info().input(), attributions, visualizerRun, settings.pictureFormat(backbone.info().input()));
        List<AtlasConcept> entries = render(concepts, draw, top, activity, energy, frequency, nearest, pictures, context);
        AtlasOverview overview = new OverviewPictures(staging).overview(title(), backbone.info().model(),
                hookPoint, tokens, learner, concepts, dictionary.info().inputDim(), sourceIndex.length, metrics,
                dictionaryDirectory, frequency, details);
        List<AtlasClass> classes = importance == null ? List.of() : ImportanceClasses.read(importance, concepts);
        AtlasWriter.write(new Atlas(overview, entries, classes), staging);
        return new Summary(directory.resolve("index.html"), sourceIndex.length, concepts, drawn, (scanned - started) / 1e9,
                (System.nanoTime() - scanned) / 1e9);
    }

    private String title() {
        return settings.title() != null ? settings.title()
                : backbone.info().model() + " · " + hookPoint + " · " + learner;
    }

    /**
     * The pass over the images: the given scanner's, else one on this machine that copies the sample's
     * images from its batches; another scanner's sample is read in a small pass of its own.
     */
    private int[] scan(TopImages top, ConceptActivity activity, DatasetSample sample, RunContext context) {
        ConceptScanner pass = scanner != null ? scanner : LocalConceptScanner.builder().setBackbone(backbone)
                .setHookPoint(hookPoint).setDictionary(dictionary).setImages(images).optBatchSize(batchSize)
                .optThreads(threads).optBatchObserver(sample == null ? batch -> { } : sample::accept).build();
        int[] seen = pass.scan(top, activity, context);
        if (seen.length == 0) {
            throw new InvalidDataException("No readable image in " + images.name() + " for the concept maps");
        }
        if (scanner != null && sample != null) {
            sample.read(images, backbone.info().input(), batchSize, threads, context.cancellation());
        }
        return seen;
    }

    /** Concepts that fired, the most energetic first, up to {@code max_concepts}. */
    private boolean[] chooseDrawn(double[] energy, double[] frequency) {
        Integer[] order = new Integer[energy.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -energy[i]).thenComparingInt(i -> i));
        int limit = settings.maxConcepts() == 0 ? energy.length : settings.maxConcepts();
        boolean[] draw = new boolean[energy.length];
        int chosen = 0;
        for (int i : order) {
            if (chosen < limit && frequency[i] > 0) {
                draw[i] = true;
                chosen++;
            }
        }
        return draw;
    }

    private List<AtlasConcept> render(int concepts, boolean[] draw, TopImages top, ConceptActivity activity,
                                      double[] energy, double[] frequency, NearestConcepts nearest,
                                      ConceptPictures pictures, RunContext context) {
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "facet-report-pictures");
            thread.setDaemon(true);
            return thread;
        });
        try (ProgressTask task = context.progress().start("pictures", concepts, "concepts")) {
            List<Future<AtlasConcept>> futures = new ArrayList<>(concepts);
            for (int i = 0; i < concepts; i++) {
                int concept = i;
                futures.add(pool.submit(() -> {
                    context.cancellation().throwIfCancelled("report");
                    List<TopImages.Entry> entries = top.top(concept);
                    ConceptPictures.Drawn drawn = draw[concept]
                            ? pictures.draw(concept, entries, activity.histogram(concept)) : ConceptPictures.Drawn.NONE;
                    task.advance(1);
                    return new AtlasConcept(concept, energy[concept], frequency[concept],
                            stability == null ? null : stability[concept], activity.maxCode(concept),
                            pictures.topImages(entries), neighbours(nearest, concept), drawn.thumbnail(),
                            drawn.topGrid(), drawn.evidenceGrid(), drawn.zoomGrid(), drawn.histogram(),
                            drawn.attribution(), drawn.extras());
                }));
            }
            List<AtlasConcept> result = new ArrayList<>(concepts);
            for (Future<AtlasConcept> future : futures) {
                result.add(future.get());
            }
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new FacetException("Drawing the concept pictures failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.facet.spi.CancelledException("report was interrupted while drawing pictures");
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<AtlasConcept.Neighbour> neighbours(NearestConcepts nearest, int concept) {
        if (nearest == null) {
            return List.of();
        }
        int[] ids = nearest.ids(concept);
        float[] cosines = nearest.cosines(concept);
        List<AtlasConcept.Neighbour> list = new ArrayList<>(ids.length);
        for (int j = 0; j < ids.length; j++) {
            list.add(new AtlasConcept.Neighbour(ids[j], cosines[j]));
        }
        return list;
    }

    /**
     * The attribution a report's settings name, checked against the backbone and the dictionary before
     * anything runs: it must exist, the backbone must provide what its factory requires, and a gradient
     * method also needs the dictionary's encoder gradients ({@link ConceptObjective#requireCompatible}).
     *
     * @return the attribution, or {@code null} when the settings name none
     */
    static Attribution attribution(FacetRegistry registry, ReportSettings settings, BackboneInfo backbone,
                                   Dictionary dictionary) {
        String id = settings.attributionId();
        if (id == null) {
            return null;
        }
        AttributionFactory factory = registry.attribution(id);
        ConceptObjective.requireCompatible(id, factory.requires(), backbone, dictionary);
        return factory.create(ConfigValues.of("report attribution " + id, settings.attributionSettings()));
    }

    /** Builder with required {@code setBackbone}, {@code setHookPoint}, {@code setImages}, {@code setDictionary}. */
    public static final class Builder {
        private Backbone backbone;
        private String hookPoint;
        private ImageSource images;
        private Dictionary dictionary;
        private String learner;
        private ReportSettings settings = ReportSettings.defaults();
        private String tokens = "patch";
        private Path dictionaryDirectory;
        private Path metrics;
        private Path importance;
        private double[] stability;
        private int batchSize = 64;
        private int threads;
        private final Map<String, String> details = new LinkedHashMap<>();
        private String attributionId;
        private Attribution attribution;
        private final List<ConceptVisualizers.Named> visualizers = new ArrayList<>();
        private ConceptScanner scanner;

        public Builder setBackbone(Backbone backbone) {
            this.backbone = backbone;
            return this;
        }

        public Builder setHookPoint(String hookPoint) {
            this.hookPoint = hookPoint;
            return this;
        }

        public Builder setImages(ImageSource images) {
            this.images = images;
            return this;
        }

        /** The dictionary and the id of the learner that made it. */
        public Builder setDictionary(Dictionary dictionary, String learner) {
            this.dictionary = dictionary;
            this.learner = learner;
            return this;
        }

        public Builder setSettings(ReportSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder optTokens(String tokens) {
            this.tokens = tokens;
            return this;
        }

        /** The dictionary's directory: its {@code provenance.json} gives the training curves. */
        public Builder optDictionaryDirectory(Path directory) {
            this.dictionaryDirectory = directory;
            return this;
        }

        /** A {@code metrics.json} written by the evaluation: R², L0, dead fraction and firing density. */
        public Builder optMetrics(Path metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * An {@code importance.json} written by the importance stage (docs/formats.md#concept-importance): the
         * atlas gets a page per class with the concepts that drive it.
         */
        public Builder optImportance(Path importance) {
            this.importance = importance;
            return this;
        }

        /** Each concept's matched cosine in a dictionary trained with another seed. */
        public Builder optStability(double[] stability) {
            this.stability = stability == null ? null : stability.clone();
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw ConfigException.outOfRange("report batch size", batchSize, ">= 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Image decoding threads, 0 for one per core. */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw ConfigException.outOfRange("report loader threads", threads, ">= 0");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Draws {@code attribution} of each drawn concept on its first top images (the settings'
         * {@code attribution.images}, default {@value ReportSettings#DEFAULT_ATTRIBUTION_IMAGES}). The caller has checked the
         * method's capabilities against the backbone and the dictionary
         * ({@link ConceptObjective#requireCompatible}).
         */
        public Builder optAttribution(String id, Attribution attribution) {
            this.attributionId = Objects.requireNonNull(id, "attribution id");
            this.attribution = Objects.requireNonNull(attribution, "attribution");
            return this;
        }

        /**
         * Runs a plugin visualizer on each drawn concept; its pictures are shown after the built-in ones, a
         * feature visualization's beside the top images. The caller has checked its capabilities
         * ({@link #optPluginsOf} does).
         */
        public Builder optVisualizer(String id, ConceptVisualizer visualizer) {
            visualizers.add(new ConceptVisualizers.Named(Objects.requireNonNull(id, "visualizer id"),
                    Objects.requireNonNull(visualizer, "visualizer")));
            return this;
        }

        /**
         * Adds the attribution and visualizers that {@code settings} name, resolved in {@code registry} and
         * checked against the backbone's capabilities and the dictionary's (set it first).
         */
        public Builder optPluginsOf(FacetRegistry registry, ReportSettings settings, BackboneInfo backbone) {
            Objects.requireNonNull(dictionary, "dictionary (setDictionary before optPluginsOf)");
            Attribution method = attribution(registry, settings, backbone, dictionary);
            if (method != null) {
                optAttribution(settings.attributionId(), method);
            }
            for (Map<String, Object> section : settings.visualizers()) {
                String id = (String) section.get("id");
                ConceptVisualizerFactory factory = registry.visualizer(id);
                ConceptVisualizers.requireCompatible(id, factory.requires(), "backbone '" + backbone.model() + "'",
                        backbone.capabilities(), "dictionary '" + dictionary.info().learner() + "'",
                        dictionary instanceof DifferentiableDictionary ? Set.of(Capability.ENCODER_GRADIENTS) : Set.of());
                optVisualizer(id, factory.create(ConfigValues.of("report visualizer " + id, ReportSettings.settingsOf(section))));
            }
            return this;
        }

        /**
         * Runs the pass over the images with {@code scanner} (e.g. a distributed job) instead of on this
         * machine; it must scan the images given to {@link #setImages} with this backbone, layer and
         * dictionary.
         */
        public Builder optScanner(ConceptScanner scanner) {
            this.scanner = Objects.requireNonNull(scanner, "scanner");
            return this;
        }

        /** A line of the overview's details table. */
        public Builder optDetail(String key, String value) {
            details.put(key, value);
            return this;
        }

        public ConceptReport build() {
            Objects.requireNonNull(backbone, "backbone (setBackbone)");
            Objects.requireNonNull(hookPoint, "hook point (setHookPoint)");
            Objects.requireNonNull(images, "images (setImages)");
            Objects.requireNonNull(dictionary, "dictionary (setDictionary)");
            Objects.requireNonNull(learner, "learner id (setDictionary)");
            if (images.size() == 0) {
                throw new InvalidDataException("The report's image source " + images.name() + " holds no images");
            }
            if (stability != null && stability.length != dictionary.info().concepts()) {
                throw new InvalidDataException("Stability holds " + stability.length + " values for a dictionary of "
                        + dictionary.info().concepts() + " concepts");
            }
            return new ConceptReport(this);
        }
    }
}
