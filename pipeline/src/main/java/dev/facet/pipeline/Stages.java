package dev.facet.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.descriptor.ModelDescriptors;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.pipeline.distributed.DistributedPasses;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.pipeline.explain.ExplainJobs;
import dev.facet.pipeline.explain.ExplainSettings;
import dev.facet.pipeline.explain.ExplainTarget;
import dev.facet.pipeline.explain.Explainer;
import dev.facet.pipeline.explain.TargetResolver;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.spi.attribution.Attribution;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.pipeline.importance.ConceptImportance;
import dev.facet.pipeline.importance.ImportanceRequest;
import dev.facet.pipeline.importance.ImportanceResult;
import dev.facet.pipeline.importance.ImportanceScan;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.pipeline.ExtractionRequest;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.extractors.pipeline.LimitedImageSource;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.plugins.FacetRegistry;
import dev.facet.json.StrictJson;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.ActivationSource;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.dictionary.DictionaryLearner;
import dev.facet.spi.io.OutputDirectory;
import dev.facet.spi.io.OutputLock;
import dev.facet.spi.dictionary.MemoryEstimate;
import dev.facet.spi.run.ProgressListener;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.visual.ConceptVisualizerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The stage API: extract, train, evaluate and report, one call each. {@link PipelineRunner} chains
 * them over one output directory; the single-stage commands ({@code facet extract}, {@code train},
 * {@code eval}, {@code report}) call them directly, so each rule (layer names, the default engine,
 * attention tokens, defaults read from an artifact) exists here once. {@link #distributed} gives stages whose
 * passes over all images (extract, evaluate, the report's concept scan) run on a cluster engine
 * ({@link DistributedPasses}) and write what these write.
 */
public final class Stages {
    private static final String DICTIONARY = "a dictionary directory";
    /** Entries only a dictionary directory (finished, or still training) holds. */
    private static final String[] DICTIONARY_MARKERS = {DictionaryFiles.CONFIG, "checkpoint", "checkpoint.tmp",
        "checkpoint.old"};

    private final FacetRegistry registry;
    private final ProgressListener progress;
    private final Consumer<String> messages;
    private final boolean allowIncompleteStores;
    /** The cluster engine the passes over all images run on, {@code null} on this machine. */
    private final Distributed distributed;

    /** A cluster engine, the run settings it gets, and where the run was asked for (for messages). */
    private record Distributed(DistributedPasses passes, DistributedRun run, String field) {
    }

    /**
     * Stages that refuse an incomplete activation store in {@link #train} and {@link #evaluate}.
     *
     * @param registry the components to run
     * @param progress receives the progress of long stages
     * @param messages receives one line per notable event (resuming, skipping, warnings)
     */
    public Stages(FacetRegistry registry, ProgressListener progress, Consumer<String> messages) {
        this(registry, progress, messages, false, null);
    }

    private Stages(FacetRegistry registry, ProgressListener progress, Consumer<String> messages,
            boolean allowIncompleteStores, Distributed distributed) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.allowIncompleteStores = allowIncompleteStores;
        this.distributed = distributed;
    }

    /**
     * These stages, with {@link #train} and {@link #evaluate} using the rows an interrupted
     * extraction left ({@code complete: false}) when {@code allow} is true, after a warning naming
     * how many rows the store holds.
     */
    public Stages allowingIncompleteStores(boolean allow) {
        return new Stages(registry, progress, messages, allow, distributed);
    }

    /**
     * These stages with {@link #extract}, {@link #evaluate} and the concept scan of {@link #report} run as
     * jobs of the distributed engine on the class path ({@link DistributedPasses#require}) with these
     * stages' progress and messages; these stages themselves when {@code spark} is {@code null}.
     *
     * @param pluginDirectories the directories of plugin jars the workers load, as this registry did
     * @param field             where the run was asked for, for the messages (e.g. {@code "spark.master"})
     * @throws ConfigException naming {@code field} when no engine on the class path can run here
     */
    public Stages distributed(PipelineConfig.Spark spark, List<Path> pluginDirectories, String field) {
        if (spark == null) {
            return this;
        }
        DistributedRun run = new DistributedRun(spark, pluginDirectories, progress, messages);
        return new Stages(registry, progress, messages, allowIncompleteStores,
                new Distributed(DistributedPasses.require(field), run, field));
    }

    /** Whether the passes over all images run on a cluster engine ({@link #distributed}). */
    public boolean isDistributed() {
        return distributed != null;
    }

    /** Opens the backbone a section names; the caller closes it. */
    public Backbone openBackbone(PipelineConfig.Backbone backbone) {
        return openBackbone(backbone, Map.of());
    }

    /**
     * Opens the backbone a section names with engine options the section does not hold (e.g. the ONNX
     * backbone's {@code threads} for a worker that shares its machine's cores with other tasks); the caller
     * closes it.
     */
    public Backbone openBackbone(PipelineConfig.Backbone backbone, Map<String, Object> engineOptions) {
        Map<String, Object> options = new LinkedHashMap<>(engineOptions);
        if (backbone.descriptor() != null) {
            options.put("descriptor", backbone.descriptor());
        }
        if (backbone.layout() != null) {
            options.put("layout", backbone.layout());
        }
        options.putAll(backbone.preprocessing());
        return registry.backbone(backbone.id()).open(new BackboneConfig(backbone.model(), backbone.device(),
                ConfigValues.of("backbone options", options)));
    }

    /** The images of a section, limited to its first {@code limit}, decoded within its {@code max_pixels}. */
    public static ImageSource images(PipelineConfig.Images images) {
        return LimitedImageSource.of(ImageSources.open(images.path(),
                ImageLimits.defaults().withMaxPixels(images.maxPixels())), images.limit());
    }

    /** Extracts the activations of {@code backbone}'s layer for {@code images} into {@code store}, resuming it. */
    public ExtractionResult extract(PipelineConfig.Backbone backbone, PipelineConfig.Images images,
            PipelineConfig.Extract extract, Path store) {
        return extract(backbone, images, extract, store.toString());
    }

    /**
     * Extracts the activations of {@code backbone}'s layer for {@code images} into the store at {@code store},
     * resuming it: a path, or with {@link #distributed} stages also a Hadoop file-system URI
     * ({@code hdfs://}, {@code s3a://}, {@code file://}).
     *
     * @throws ConfigException when {@code store} is a URI and these stages run on this machine
     */
    public ExtractionResult extract(PipelineConfig.Backbone backbone, PipelineConfig.Images images,
            PipelineConfig.Extract extract, String store) {
        if (distributed != null) {
            return distributed.passes().extract(distributed.run(), backbone, images, extract, store);
        }
        return extractHere(backbone, images, extract, localStore(store, "extraction", "extract"));
    }

    /**
     * Whether {@code location} is a URI with a scheme ({@code hdfs://...}, {@code file:///...}) rather than a
     * path of this machine's file system.
     */
    public static boolean isUri(String location) {
        return location.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
    }

    private ExtractionResult extractHere(PipelineConfig.Backbone backbone, PipelineConfig.Images images,
            PipelineConfig.Extract extract, Path store) {
        if (Extraction.storeExists(store)) {
            messages.accept("Stage extract: resuming the activation store in " + store);
        }
        try (Backbone opened = openBackbone(backbone)) {
            opened.info().hookPoint(backbone.hookPoint());
            ExtractionRequest request = new ExtractionRequest(backbone.hookPoint(), backbone.tokens(), store,
                    extract.dtype(), images.batch(), extract.shardRows(), images.threads(), 0, extract.keepPadding());
            return Extraction.run(opened, images(images), request,
                    RunContext.builder().setOutputDirectory(store).optProgress(progress).build());
        }
    }

    /**
     * Trains {@code learner} on {@code store}, less the images it holds out, and saves the dictionary to
     * {@code directory}, resuming from its checkpoint. The held-out images ({@link HeldOutSplit}) depend
     * on the store's image ids alone, so a resumed run trains on the same rows; the learner's provenance
     * records the split ({@code source.holdout}), from which {@link #evaluate} scores them apart. An
     * attention encoder without {@code tokens} gets the store's tokens per image. The caller closes the
     * dictionary.
     *
     * @param holdout the fraction of the store's images held out of training, 0 for none
     */
    public Dictionary train(PipelineConfig.Learner learner, Path store, Path directory, long seed, double holdout) {
        ActivationStore data = openStore(store, "train");
        HeldOutSplit split = HeldOutSplit.of(data, holdout);
        if (split.warning() != null) {
            messages.accept("warning: " + split.warning());
        } else if (split.isSplit()) {
            messages.accept(String.format(Locale.ROOT, "Stage train: %d of %d images (%d rows) held out of training"
                    + " for evaluation (holdout %s)", split.heldOut().images(), data.images(), split.heldOut().rows(),
                    holdout));
        }
        ActivationSource rows = split.training();
        if (data.metadata().dropsPadding() && "attention".equals(learner.hyperparameters().get("encoder"))) {
            throw new ConfigException("Learner '" + learner.id() + "': the attention encoder reads the rows of one image as "
                    + "'tokens' consecutive rows, but activation store " + store + " left out the positions wholly in "
                    + "padding, so its images have different numbers of rows; extract it again with keep_padding "
                    + "(facet extract --keep-padding)");
        }
        DictionaryLearner trainer = learner(learner, data.metadata().tokensPerImage());
        MemoryEstimate.requireHeap("Learner '" + learner.id() + "' on " + rows.rows() + " rows of width " + rows.dim(),
                trainer.estimatedBytes(rows.dim(), rows.rows()), Runtime.getRuntime().maxMemory());
        try (OutputLock lock = OutputLock.acquire(directory, "dictionary", DICTIONARY, DICTIONARY_MARKERS)) {
            if (Files.isDirectory(directory.resolve("checkpoint"))) {
                messages.accept("Stage train: resuming from the checkpoint in " + directory.resolve("checkpoint"));
            }
            Dictionary dictionary = trainer.fit(rows, RunContext.builder().setOutputDirectory(directory).optSeed(seed)
                    .optProgress(progress).build());
            try {
                dictionary.save(directory);
                return dictionary;
            } catch (RuntimeException e) {
                dictionary.close();
                throw e;
            }
        }
    }

    /**
     * The learner a section configures. An attention encoder without {@code tokens} gets
     * {@code tokensPerImage}, the store's.
     */
    private DictionaryLearner learner(PipelineConfig.Learner learner, int tokensPerImage) {
        Map<String, Object> hyperparameters = new LinkedHashMap<>(learner.hyperparameters());
        if ("attention".equals(hyperparameters.get("encoder")) && !hyperparameters.containsKey("tokens")) {
            hyperparameters.put("tokens", tokensPerImage);
        }
        return registry.learner(learner.id()).create(ConfigValues.of("learner " + learner.id(), hyperparameters));
    }

    /**
     * Checks the settings of every component a pipeline names (learner, report attribution,
     * visualizers, and what the attribution and visualizers require of the backbone and the learner)
     * without running anything, so that a typo fails before the extraction stage
     * rather than after it.
     *
     * @throws ConfigException listing every problem found, one per line
     */
    public void requireValidSettings(PipelineConfig config) {
        List<String> problems = new ArrayList<>();
        check(problems, () -> registry.backbone(config.backbone().id()));
        // The real token count comes from the store; any positive value validates the rest.
        check(problems, () -> learner(config.learner(), 1));
        String attribution = config.report().attributionId();
        if (attribution != null) {
            check(problems, () -> registry.attribution(attribution).create(ConfigValues.of(
                    "report attribution " + attribution, config.report().attributionSettings())));
            check(problems, () -> requireGradients(config, attribution, "report attribution '" + attribution
                    + "' of a concept", true));
        }
        if (config.explain() != null) {
            ExplainSettings explain = config.explain();
            check(problems, () -> {
                explain.method().validate(registry);
                requireGradients(config, explain.method().id(), "explain method '" + explain.method().id() + "'",
                        explain.target() == null || explain.target() instanceof ExplainTarget.ConceptTarget);
            });
            if (config.explain().target() instanceof ExplainTarget.ClassTarget target) {
                check(problems, () -> TargetResolver.requireKnownClass(target, classNames(config.backbone()),
                        config.backbone().model()));
            }
        }
        for (Map<String, Object> section : config.report().visualizers()) {
            String id = (String) section.get("id");
            check(problems, () -> {
                ConceptVisualizerFactory factory = registry.visualizer(id);
                factory.create(ConfigValues.of("report visualizer " + id, ReportSettings.settingsOf(section)));
                ConceptVisualizers.requireCompatible(id, factory.requires(), "backbone '" + config.backbone().id() + "'",
                        registry.backbone(config.backbone().id()).capabilities(), "learner '" + config.learner().id() + "'",
                        registry.learner(config.learner().id()).capabilities());
            });
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("The pipeline's settings are invalid (nothing was run):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /**
     * An attribution that needs input gradients (of the report, or of the explain stage) needs the
     * backbone's input gradient and, to explain a concept, the dictionary's encoder gradient: refused
     * here, before extraction, when the backbone or the learner's factory does not declare them (the
     * stages check the built components again).
     */
    private void requireGradients(PipelineConfig config, String attribution, String requirer, boolean concept) {
        if (!registry.attribution(attribution).requires().contains(Capability.INPUT_GRADIENTS)) {
            return;
        }
        String backbone = config.backbone().id();
        MissingCapabilityException.check(requirer, Set.of(Capability.INPUT_GRADIENTS), "backbone '" + backbone + "'",
                registry.backbone(backbone).capabilities());
        if (!concept) {
            return;
        }
        String learner = config.learner().id();
        MissingCapabilityException.check(requirer, Set.of(Capability.ENCODER_GRADIENTS), "learner '" + learner + "'",
                registry.learner(learner).capabilities());
    }

    private static void check(List<String> problems, Runnable validation) {
        try {
            validation.run();
        } catch (FacetException e) {
            problems.add(e.getMessage());
        }
    }

    /**
     * Refuses {@code directory} as a dictionary's directory when {@link OutputDirectory#requireSafe} does:
     * a root, a system directory, or a non-empty directory that is not a dictionary.
     *
     * @param field where the path was given, for the message (e.g. {@code "facet train --out"})
     */
    public static Path requireDictionaryOutput(Path directory, String field) {
        return OutputDirectory.requireSafe(directory, field, DICTIONARY, DICTIONARY_MARKERS);
    }

    /** Loads a saved dictionary with the learner that made it ({@code learner}, else the one its config names). */
    public Dictionary load(String learner, Path directory) {
        return registry.learner(learnerOf(learner, directory)).load(directory);
    }

    /**
     * Evaluates the dictionary in {@code directory} on {@code store} and writes the metrics to {@code metrics}.
     * When the dictionary's provenance records images held out of this store's images (the same image
     * ids), the metrics are those of the training rows and the held-out rows are scored apart;
     * otherwise every row is scored.
     *
     * @param learner the learner that loads it, or {@code null} for the one its config names
     */
    public DictionaryEvaluation.Result evaluate(String learner, Path directory, Path store,
            PipelineConfig.Evaluate evaluate, Path metrics) {
        return evaluate(learner, directory, store.toString(), evaluate, metrics);
    }

    /**
     * As {@link #evaluate(String, Path, Path, PipelineConfig.Evaluate, Path)} on the store at {@code store}: a path,
     * or with {@link #distributed} stages also a Hadoop file-system URI ({@code hdfs://}, {@code s3a://},
     * {@code file://}), as a distributed extraction writes it.
     *
     * @throws ConfigException when {@code store} is a URI and these stages run on this machine
     */
    public DictionaryEvaluation.Result evaluate(String learner, Path directory, String store,
            PipelineConfig.Evaluate evaluate, Path metrics) {
        String id = learnerOf(learner, directory);
        if (distributed != null) {
            if (allowIncompleteStores) {
                throw new ConfigException(distributed.field() + ": a distributed evaluation reads complete activation"
                        + " stores only; complete " + store + " with the same extraction, or evaluate on this machine");
            }
            return distributed.passes().evaluate(distributed.run(), id, directory, store, evaluate, metrics);
        }
        return evaluateHere(id, directory, localStore(store, "evaluation", "eval"), evaluate, metrics);
    }

    /** {@code store} as a path of this machine; a URI is refused, naming the distributed run that reads one. */
    private static Path localStore(String store, String pass, String command) {
        if (isUri(store)) {
            throw new ConfigException("Activation store " + store + ": a file-system URI is "
                    + (pass.equals("extraction") ? "written" : "read") + " by a distributed " + pass
                    + " only (spark.master, facet " + command + " --spark); give a directory path");
        }
        return Path.of(store);
    }

    private DictionaryEvaluation.Result evaluateHere(String id, Path directory, Path store,
            PipelineConfig.Evaluate evaluate, Path metrics) {
        ActivationStore data = openStore(store, "evaluate");
        HeldOutSplit split = recordedSplit(directory, data, messages);
        try (Dictionary dictionary = registry.learner(id).load(directory)) {
            DictionaryEvaluation.Result result;
            if (split == null) {
                result = DictionaryEvaluation.evaluate(dictionary, id, data, evaluate.limitRows(), evaluate.batch());
            } else {
                result = DictionaryEvaluation.evaluate(dictionary, id, split.training(), evaluate.limitRows(),
                        evaluate.batch());
                long started = System.nanoTime();
                StreamingEvaluator.Evaluation heldOut = DictionaryEvaluation.heldOut(dictionary, id, split.heldOut(),
                        evaluate.limitRows(), evaluate.batch());
                result = result.withHeldOut(heldOut, split.describe(), (System.nanoTime() - started) / 1e9);
            }
            result.write(metrics, directory, data.directory().toString());
            return result;
        }
    }

    /**
     * The split the dictionary in {@code directory} was trained with, made again on {@code store}, or
     * {@code null} when it held nothing out or the store holds other images (then, with a message,
     * every row is scored). A distributed evaluation splits the same way.
     */
    public static HeldOutSplit recordedSplit(Path directory, ActivationStore store, Consumer<String> messages) {
        JsonNode recorded = trainedOn(directory).path("holdout");
        if (recorded.path("held_out_images").asLong(0) < 1) {
            return null;
        }
        HeldOutSplit split = HeldOutSplit.of(store, recorded.path("fraction").asDouble());
        if (split.isSplit() && split.imagesSha256().equals(recorded.path("images_sha256").asText())) {
            return split;
        }
        messages.accept("Stage evaluate: dictionary " + directory + " was trained with images held out of a store of"
                + " other images than " + store.directory() + " (" + store.contents() + "); scoring every row");
        return null;
    }

    /** The store for {@code stage}: refused when incomplete, unless these stages allow it (with a warning). */
    private ActivationStore openStore(Path store, String stage) {
        if (!allowIncompleteStores) {
            return ActivationStore.open(store);
        }
        ActivationStore data = ActivationStore.openIncomplete(store);
        if (!data.isComplete()) {
            messages.accept("warning: stage " + stage + " uses the incomplete activation store " + store
                    + " (its extraction was interrupted): only " + data.contents()
                    + "; rerun the same facet extract to complete it");
        }
        return data;
    }

    /** {@code learner} when given, else the learner id the dictionary directory's config names. */
    public static String learnerOf(String learner, Path directory) {
        return learner != null ? learner : DictionaryEvaluation.learnerOf(directory);
    }

    /**
     * The {@code source} block of a dictionary's provenance (the hook point and tokens it was trained
     * on), or an empty node when it has none: the report's defaults.
     */
    public static JsonNode trainedOn(Path dictionary) {
        Path file = dictionary.resolve(DictionaryFiles.PROVENANCE);
        if (!Files.isRegularFile(file)) {
            return StrictJson.mapper().createObjectNode();
        }
        return StrictJson.readArtifact(file, "expected the provenance written by facet train").path("source");
    }

    /**
     * A report builder with the backbone, layer, images, dictionary (loaded from {@code dictionaryDirectory})
     * and the plugins the settings name already set, and with {@link #distributed} stages the concept scan as
     * a job of their engine, whose workers open the backbone and the dictionary themselves; the caller adds
     * metrics, stability and details, builds and writes it.
     */
    public ConceptReport.Builder report(Backbone backbone, PipelineConfig.Backbone section, PipelineConfig.Images images,
            Dictionary dictionary, String learner, Path dictionaryDirectory, ReportSettings settings) {
        ConceptReport.Builder builder = ConceptReport.builder();
        if (distributed != null) {
            builder.optScanner(distributed.passes().scanner(distributed.run(), section, images, learner,
                    dictionaryDirectory));
        }
        return builder
                .setDictionary(dictionary, learner)
                .optDictionaryDirectory(dictionaryDirectory)
                .optPluginsOf(registry, settings, backbone.info())
                .setBackbone(backbone)
                .setHookPoint(section.hookPoint())
                .setImages(images(images))
                .setSettings(settings)
                .optTokens(section.tokens().name().toLowerCase(java.util.Locale.ROOT))
                .optBatchSize(images.batch())
                .optThreads(images.threads());
    }

    /**
     * The explain stage of a run: {@code settings} on its images, or on the top images of each drawn concept
     * of the atlas in {@code atlas} (each explained for its concept, read with {@code score}); written to
     * {@code directory}. Every check that needs no forward pass (method, capabilities, target) comes first.
     */
    public Explainer.Summary explain(Backbone backbone, PipelineConfig.Backbone section, PipelineConfig.Images images,
            Dictionary dictionary, ExplainSettings settings, ImageScore score, Path atlas, Path directory, long seed) {
        TargetResolver resolver = new TargetResolver(backbone.info(), classNames(section), dictionary,
                section.hookPoint());
        // with the top images every target is a concept: the method is checked as for one
        ExplainTarget checked = settings.target() != null ? settings.target() : new ExplainTarget.ConceptTarget(0, score);
        Attribution attribution = settings.method().create(registry, backbone.info(), checked, dictionary);
        List<Explainer.Job> jobs = settings.images() == null
                ? ExplainJobs.topImages(atlas, images(images), settings.concepts(), settings.topImages(),
                        concept -> resolver.resolve(new ExplainTarget.ConceptTarget(concept, score)))
                : ExplainJobs.of(List.of(settings.images()), ImageLimits.defaults().withMaxPixels(images.maxPixels()), settings.limit(),
                        resolver.resolve(settings.target()));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("explain", settings.toMap());
        provenance.put("backbone", section.fingerprint());
        return writeExplanations(new Explainer(settings.method().id(), attribution, backbone, settings.fidelity(),
                settings.colormap()), jobs, directory, "pipeline explain", provenance, seed);
    }

    /** Runs {@code explainer} on {@code jobs} with this stage runner's progress and writes {@code directory}. */
    public Explainer.Summary writeExplanations(Explainer explainer, List<Explainer.Job> jobs, Path directory,
            String field, Map<String, Object> provenance, long seed) {
        return explainer.write(jobs, directory, field, provenance, RunContext.builder()
                .setOutputDirectory(directory).optProgress(progress).optSeed(seed).build());
    }

    /** The class names of the section's model descriptor, empty when it names none. */
    public static List<String> classNames(PipelineConfig.Backbone section) {
        ModelDescriptor descriptor = ModelDescriptors.forBackbone(section.model(), section.descriptor());
        return descriptor == null ? List.of() : descriptor.classNames();
    }

    /**
     * Concept importance (docs/algorithms.md#concept-importance) of {@code dictionary}'s concepts at the
     * section's layer for the classes {@code request} names, over the section's images; classes are named as
     * the request says, else as the model descriptor's {@code class_names}.
     *
     * @throws dev.facet.spi.MissingCapabilityException when the backbone cannot resume from a hook point
     */
    public ImportanceResult importance(Backbone backbone, PipelineConfig.Backbone section, PipelineConfig.Images images,
            Dictionary dictionary, ImportanceRequest request, Path outputDirectory) {
        ConceptImportance importance = ConceptImportance.of(backbone, section.hookPoint(), dictionary, request.settings());
        RunContext context = RunContext.builder().setOutputDirectory(outputDirectory).optProgress(progress).build();
        if (request.classNames().isEmpty()) {
            request = request.withClassNames(classNames(section));
        }
        return new ImportanceScan(importance, request).run(images(images), backbone.info().input(), images.batch(),
                context);
    }

    /** Writes a report built by {@link #report} into {@code atlas}, replacing an older atlas there whole. */
    public ConceptReport.Summary write(ConceptReport report, Path atlas, Long seed) {
        RunContext.Builder context = RunContext.builder().setOutputDirectory(atlas).optProgress(progress);
        if (seed != null) {
            context.optSeed(seed);
        }
        return report.write(atlas, context.build());
    }
}
