package dev.facet.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.dictionaries.metrics.DictionaryMatching;
import dev.facet.dictionaries.metrics.StreamingEvaluator;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.plugins.FacetRegistry;
import dev.facet.pipeline.PipelineConfig.Stage;
import dev.facet.pipeline.importance.ImportanceResult;
import dev.facet.spi.FacetException;
import dev.facet.spi.Provenance;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.io.OutputDirectory;
import dev.facet.spi.io.OutputLock;
import dev.facet.spi.run.ProgressListener;
import dev.facet.pipeline.explain.Explainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PipelineConfig}: extract → train → evaluate → importance (when the config has the
 * section) → report, each stage writing into the output directory ({@code store/}, {@code dictionary/},
 * {@code evaluation/metrics.json}, {@code importance/importance.json}, {@code atlas/}) and recorded in {@code pipeline-state.json}; {@code provenance.json} beside them
 * says what made every artifact. Run again after a kill, it skips the complete stages, resumes the
 * activation store after its last complete shard and training from its last checkpoint, and gives
 * the same artifacts as an uninterrupted run with the same seed. With a {@code spark} section, extraction,
 * evaluation and the report's concept scan run as Spark jobs ({@link Stages#distributed}) and write the
 * artifacts a run on this machine writes, so either resumes the other's output.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVENANCE = "provenance.json";

    private final PipelineConfig config;
    private final FacetRegistry registry;
    private final ProgressListener progress;
    private final Consumer<String> messages;
    private final Map<String, Object> reportSummary = new LinkedHashMap<>();
    private final Map<String, Object> importanceSummary = new LinkedHashMap<>();
    private final Stages stages;

    private PipelineRunner(Builder builder) {
        this.config = builder.config;
        this.registry = builder.registry;
        this.progress = builder.progress;
        this.messages = builder.messages;
        this.stages = new Stages(registry, progress, this::message)
                .distributed(config.spark(), builder.pluginDirectories, "spark.master");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where a stage writes. */
    public static Path store(Path output) {
        return output.resolve("store");
    }

    public static Path dictionary(Path output) {
        return output.resolve("dictionary");
    }

    public static Path stabilityDictionary(Path output) {
        return output.resolve("dictionary-stability");
    }

    public static Path metrics(Path output) {
        return output.resolve("evaluation").resolve("metrics.json");
    }

    public static Path importance(Path output) {
        return output.resolve("importance").resolve("importance.json");
    }

    public static Path atlas(Path output) {
        return output.resolve("atlas");
    }

    /** Where the explain stage writes ({@link Explainer}). */
    public static Path explanations(Path output) {
        return output.resolve("explain");
    }

    /**
     * Runs every stage not already complete and returns where the results are. The output directory
     * is locked for the whole run; each stage's artifact inside it is locked again by its writer.
     *
     * @throws dev.facet.spi.OutputLockedException when another run writes the same output directory
     */
    public PipelineResult run() {
        config.requireInputs();
        stages.requireValidSettings(config);
        try (OutputLock lock = lockOutput(config.output(), "pipeline output")) {
            return runStages(config.output());
        }
    }

    /**
     * Checks {@code output} with {@link OutputDirectory#requireSafe} (a root, a system directory or a
     * non-empty directory that is not a pipeline's output is refused) and locks it.
     *
     * @param field where the path was given, for the messages (e.g. {@code "pipeline output"})
     */
    public static OutputLock lockOutput(Path output, String field) {
        return OutputLock.acquire(output, field, "a pipeline output", PipelineState.FILE, PROVENANCE);
    }

    private PipelineResult runStages(Path output) {
        PipelineState state = PipelineState.load(output);
        Map<String, Object> stageSeconds = new LinkedHashMap<>();
        boolean redo = false;
        for (Stage stage : Stage.values()) {
            if (stage == Stage.EXPLAIN && config.explain() == null
                    || stage == Stage.IMPORTANCE && config.importance() == null) {
                continue;
            }
            Map<String, Object> fingerprint = config.fingerprint(stage);
            if (!redo && state.complete(stage, fingerprint) && Files.exists(marker(stage))) {
                message("Stage " + stage.id() + ": complete, skipped");
                stageSeconds.put(stage.id(), state.seconds(stage));
                continue;
            }
            state.requireCompatible(stage, fingerprint, artifact(stage));
            redo = true;
            state.started(stage, fingerprint);
            long started = System.nanoTime();
            switch (stage) {
                case EXTRACT -> extract();
                case TRAIN -> train();
                case EVALUATE -> evaluate();
                case IMPORTANCE -> importance();
                case REPORT -> report();
                case EXPLAIN -> explain();
                default -> throw new IllegalStateException(stage.toString());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            state.completed(stage, fingerprint, seconds);
            stageSeconds.put(stage.id(), seconds);
            writeProvenance(stageSeconds);
        }
        writeProvenance(stageSeconds);
        return new PipelineResult(output, store(output), dictionary(output), metrics(output), atlas(output),
                atlas(output).resolve("index.html"));
    }

    private Path artifact(Stage stage) {
        return switch (stage) {
            case EXTRACT -> store(config.output());
            case TRAIN -> dictionary(config.output());
            case EVALUATE -> metrics(config.output());
            case IMPORTANCE -> importance(config.output());
            case REPORT -> atlas(config.output());
            case EXPLAIN -> explanations(config.output());
        };
    }

    /** A file that exists when the stage's artifact does: a deleted artifact makes its stage run again. */
    private Path marker(Stage stage) {
        return switch (stage) {
            case EXTRACT -> store(config.output()).resolve("manifest.json");
            case TRAIN -> dictionary(config.output()).resolve("config.json");
            case EVALUATE -> metrics(config.output());
            case IMPORTANCE -> importance(config.output());
            case REPORT -> atlas(config.output()).resolve("index.html");
            case EXPLAIN -> explanations(config.output()).resolve(Explainer.SCORES);
        };
    }

    private void extract() {
        Path store = store(config.output());
        ExtractionResult result = stages.extract(config.backbone(), config.images(), config.extract(), store);
        message(String.format(java.util.Locale.ROOT, "Stage extract: %d images, %d rows in %s (skipped %d)",
                result.imagesStored(), result.rows(), store, result.skipped().size()));
    }

    private void train() {
        double holdout = config.evaluate().holdout();
        try (Dictionary dictionary = stages.train(config.learner(), store(config.output()), dictionary(config.output()),
                config.seed(), holdout)) {
            message("Stage train: " + config.learner().id() + " with " + dictionary.info().concepts() + " concepts saved to "
                    + dictionary(config.output()));
        }
        if (config.evaluate().stability()) {
            try (Dictionary second = stages.train(config.learner(), store(config.output()),
                    stabilityDictionary(config.output()), config.seed() + 1, holdout)) {
                message("Stage train: second dictionary (seed " + (config.seed() + 1) + ") for stability saved to "
                        + stabilityDictionary(config.output()));
            }
        }
    }

    private void evaluate() {
        DictionaryEvaluation.Result result = stages.evaluate(config.learner().id(), dictionary(config.output()),
                store(config.output()), config.evaluate(), metrics(config.output()));
        String scored = result.heldOut() == null ? "" : " on the training rows";
        message(String.format(java.util.Locale.ROOT, "Stage evaluate: R2 %.4f, L0 %.2f, dead fraction %.3f%s",
                result.metrics().r2(), result.metrics().l0(), result.metrics().deadFraction(), scored));
        if (result.heldOut() != null) {
            StreamingEvaluator.Evaluation heldOut = result.heldOut();
            message(String.format(java.util.Locale.ROOT, "Stage evaluate: R2 %.4f, L0 %.2f, dead fraction %.3f on the"
                    + " %d held-out rows", heldOut.r2(), heldOut.l0(), heldOut.deadFraction(), heldOut.rows()));
        }
    }

    private void importance() {
        try (Dictionary dictionary = stages.load(config.learner().id(), dictionary(config.output()));
             Backbone backbone = stages.openBackbone(config.backbone())) {
            Path file = importance(config.output());
            ImportanceResult result = stages.importance(backbone, config.backbone(), config.images(), dictionary,
                    config.importance(), file.getParent());
            result.write(file);
            String first = result.classes().isEmpty() ? "" : "; " + result.classes().get(0).name() + " led by concept "
                    + result.classes().get(0).ranking(result.primary()).stream().findFirst().map(String::valueOf).orElse("none");
            message("Stage importance: " + result.classes().size() + " classes by " + result.primary().id() + first
                    + " in " + file);
            importanceSummary.put("classes", result.classes().size());
            importanceSummary.put("scores", result.computed().stream().sorted().map(s -> s.id()).toList());
        }
    }

    private void report() {
        double[] stability = null;
        String learner = config.learner().id();
        try (Dictionary dictionary = stages.load(learner, dictionary(config.output()));
             Backbone backbone = stages.openBackbone(config.backbone())) {
            if (config.evaluate().stability()) {
                try (Dictionary second = stages.load(learner, stabilityDictionary(config.output()))) {
                    stability = DictionaryMatching.match(dictionary.atoms(), second.atoms()).cosines();
                }
            }
            ConceptReport report = stages.report(backbone, config.backbone(), config.images(), dictionary, learner,
                            dictionary(config.output()), config.report())
                    .optMetrics(metrics(config.output()))
                    .optImportance(config.importance() == null ? null : importance(config.output()))
                    .optStability(stability)
                    .optDetail("seed", Long.toString(config.seed()))
                    .optDetail("learner settings", JSON.valueToTree(config.learner().hyperparameters()).toString())
                    .build();
            ConceptReport.Summary summary = stages.write(report, atlas(config.output()), config.seed());
            message("Stage report: " + summary.concepts() + " concepts (" + summary.drawn() + " drawn) in "
                    + summary.index());
            reportSummary.put("images", summary.images());
            reportSummary.put("concepts", summary.concepts());
            reportSummary.put("drawn", summary.drawn());
            reportSummary.put("scan_seconds", summary.scanSeconds());
            reportSummary.put("draw_seconds", summary.drawSeconds());
        }
    }

    private void explain() {
        Path directory = explanations(config.output());
        try (Dictionary dictionary = stages.load(config.learner().id(), dictionary(config.output()));
             Backbone backbone = stages.openBackbone(config.backbone())) {
            Explainer.Summary summary = stages.explain(backbone, config.backbone(), config.images(), dictionary,
                    config.explain(), config.report().score(), atlas(config.output()), directory, config.seed());
            message("Stage explain: " + summary.explained() + " images explained by " + config.explain().method().id()
                    + " in " + directory);
        }
    }

    private void writeProvenance(Map<String, Object> stageSeconds) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("config", config.document());
        source.put("plugins", registry.plugins().stream()
                .map(plugin -> plugin.descriptor().id() + " " + plugin.descriptor().version()).toList());
        Map<String, Object> artifacts = new LinkedHashMap<>();
        artifacts.put("store", "store");
        artifacts.put("dictionary", "dictionary");
        if (config.evaluate().stability()) {
            artifacts.put("stability_dictionary", "dictionary-stability");
        }
        artifacts.put("metrics", "evaluation/metrics.json");
        if (config.importance() != null) {
            artifacts.put("importance", "importance/importance.json");
        }
        artifacts.put("atlas", "atlas/index.html");
        if (config.explain() != null) {
            artifacts.put("explanations", "explain/" + Explainer.SCORES);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("artifacts", artifacts);
        metrics.put("stage_seconds", stageSeconds);
        if (!importanceSummary.isEmpty()) {
            metrics.put("importance", importanceSummary);
        }
        if (!reportSummary.isEmpty()) {
            metrics.put("report", reportSummary);
        }
        Provenance provenance = Provenance.builder().optArtifact(Provenance.PIPELINE_RUN).optSeed(config.seed())
                .optSource(source).optMetrics(metrics).build();
        Path file = config.output().resolve(PROVENANCE);
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(provenance.toMap()));
        } catch (IOException e) {
            throw new FacetException("Cannot write " + file + ": " + e, e);
        }
    }

    private void message(String text) {
        LOG.info(text);
        messages.accept(text);
    }

    /** Builder with required {@code setConfig} and {@code setRegistry}. */
    public static final class Builder {
        private PipelineConfig config;
        private FacetRegistry registry;
        private ProgressListener progress = ProgressListener.silent();
        private Consumer<String> messages = text -> { };
        private List<Path> pluginDirectories = List.of();

        public Builder setConfig(PipelineConfig config) {
            this.config = config;
            return this;
        }

        public Builder setRegistry(FacetRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder optProgress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Receives one line per stage event (skipped, resumed, finished), e.g. for the console. */
        public Builder optMessages(Consumer<String> messages) {
            this.messages = Objects.requireNonNull(messages, "messages");
            return this;
        }

        /**
         * The directories of plugin jars the registry was loaded from, which the workers of a distributed run
         * (the config's {@code spark} section) load too (default: none, the built-in plugins only).
         */
        public Builder optPluginDirectories(List<Path> directories) {
            this.pluginDirectories = List.copyOf(directories);
            return this;
        }

        /**
         * The runner.
         *
         * @throws dev.facet.spi.ConfigException when the config has a {@code spark} section and no distributed
         *                                       engine on the class path can run here
         */
        public PipelineRunner build() {
            Objects.requireNonNull(config, "config (setConfig)");
            Objects.requireNonNull(registry, "registry (setRegistry)");
            return new PipelineRunner(this);
        }
    }
}
