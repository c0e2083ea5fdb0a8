package dev.facet.cli;

import dev.facet.extractors.images.ImageLimits;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.explain.ExplainJobs;
import dev.facet.pipeline.explain.ExplainMethod;
import dev.facet.pipeline.explain.ExplainTarget;
import dev.facet.pipeline.explain.Explainer;
import dev.facet.pipeline.explain.ResolvedTarget;
import dev.facet.pipeline.explain.TargetResolver;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.report.picture.Colormap;
import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.io.OutputDirectory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code facet explain}: attribution maps of a class, a concept or a channel on images of any size
 * ({@link Explainer}): per image an overlay on the original image and the raw map as {@code .npy}, and one
 * {@code scores.json}. Every refusal (unknown method or class, a concept out of range, a gradient method on
 * a forward-only backbone, a bad option) comes before any forward pass and leaves no output.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explains a class, concept or channel on images with an attribution method (occlusion, rise, "
                + "sobol, saliency, integrated-gradients, ...): overlays, raw maps and scores.json.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGES",
            description = "Image files, folders of images (recursive), IDX files or list files.")
    private List<Path> images = new ArrayList<>();

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = BackboneOptions.MODEL_TEXT + ".")
    private String model;

    @Mixin
    private BackboneOptions backboneOptions = new BackboneOptions();

    @Option(names = "--method", required = true, paramLabel = "ID",
            description = "Attribution method: occlusion, rise, sobol, saliency, gradient-input, integrated-gradients, "
                    + "smoothgrad or a plugin's (facet plugins lists them).")
    private String method;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "A setting of the method (e.g. window=4); repeatable (default: none, the method's defaults).")
    private List<String> options = new ArrayList<>();

    @Option(names = "--class", paramLabel = "NAME|INDEX",
            description = "Explain this class's logit: a name of the model descriptor's class_names or an index "
                    + "(default: none; give exactly one of --class, --concept and --channel).")
    private String className;

    @Option(names = "--probability", description = "With --class: explain the softmax probability, not the logit.")
    private boolean probability;

    @Option(names = "--concept", paramLabel = "I", description = "Explain concept I of --dictionary (default: none).")
    private Integer concept;

    @Option(names = {"--dictionary", "--dict"}, paramLabel = "DIR",
            description = "With --concept: the dictionary directory made by facet train, whose hook point is explained "
                    + "(default: none).")
    private Path dictionary;

    @Option(names = "--learner", paramLabel = "ID",
            description = "With --concept: the learner that loads the dictionary (default: the one its config.json names).")
    private String learner;

    @Option(names = "--score", paramLabel = "mean|max",
            description = "With --concept: the concept map's mean or max over the grid tokens (default: mean).")
    private String score;

    @Option(names = "--channel", paramLabel = "HOOK:C", description = "Explain the mean of channel C of hook point HOOK (default: none).")
    private String channel;

    @Option(names = "--fidelity",
            description = "Also score each map: deletion and insertion AUC and MuFidelity (Xplique's defaults).")
    private boolean fidelity;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write (an older explanation directory there is replaced).")
    private Path out;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Only the first N images, 0 = all (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--max-pixels", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS, paramLabel = "N",
            description = "Skip, undecoded, an image whose header declares more pixels (default: ${DEFAULT-VALUE}).")
    private long maxPixels;

    @Option(names = "--colormap", defaultValue = "viridis", paramLabel = "NAME",
            description = "Overlay colours: viridis, jet or palette (default: ${DEFAULT-VALUE}).")
    private String colormap;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the random masks and samples (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        ExplainTarget target = target();
        ExplainMethod explainMethod = new ExplainMethod(method, KeyValues.parse(options, "--option"));
        Colormap colours = Colormap.parse(colormap);
        if (limit < 0) {
            throw ConfigException.outOfRange("--limit", limit, ">= 0");
        }
        OutputDirectory.requireSafe(out, "facet explain --out", "an explanation directory", Explainer.SCORES);
        for (Path path : images) {
            if (!Files.exists(path)) {
                throw new ConfigException("facet explain: image path " + path + " does not exist");
            }
        }
        String hook = null;
        if (dictionary != null) {
            hook = TrainingRecord.of(dictionary).hookPoint();
            if (hook == null) {
                throw new ConfigException("facet explain --dictionary: " + dictionary.resolve("provenance.json")
                        + " does not name the hook point the dictionary was trained on");
            }
        }
        try (LoadedPlugins plugins = pluginOptions.start()) {
            explainMethod.validate(plugins.registry());
            Stages stages = ExtractCommand.stages(plugins, spec.commandLine().getErr());
            PipelineConfig.Backbone section = backboneOptions.section("facet explain", model, hook, null);
            try (Dictionary dict = dictionary == null ? null : stages.load(learner, dictionary);
                 Backbone backbone = stages.openBackbone(section)) {
                if (dictionary != null) {
                    TrainingRecord.of(dictionary).requireSamePreprocessing(backbone.info().input());
                }
                ResolvedTarget resolved = new TargetResolver(backbone.info(), Stages.classNames(section), dict, hook)
                        .resolve(target);
                Attribution attribution = explainMethod.create(plugins.registry(), backbone.info(), target, dict);
                List<Explainer.Job> jobs = ExplainJobs.of(images, ImageLimits.defaults().withMaxPixels(maxPixels), limit,
                        resolved);
                Map<String, Object> provenance = new LinkedHashMap<>();
                provenance.put("command", "facet explain");
                provenance.put("model", model);
                provenance.put("backbone", backbone.info().model());
                provenance.put("engine", section.id());
                provenance.put("input", TrainingRecord.text(backbone.info().input()));
                provenance.put("method", Map.of("id", method, "options", explainMethod.options()));
                provenance.put("target", target.toMap());
                if (dictionary != null) {
                    provenance.put("dictionary", dictionary.toAbsolutePath().toString());
                }
                Explainer.Summary summary = stages.writeExplanations(new Explainer(method, attribution, backbone,
                        fidelity, colours), jobs, out, "facet explain --out", provenance, seed);
                stdout.printf(Locale.ROOT, "Explained %d images with %s in %.1f s (%d unreadable skipped): %s%n",
                        summary.explained(), method, summary.seconds(), summary.skipped(),
                        summary.directory().resolve(Explainer.SCORES));
            }
        }
        return 0;
    }

    /** The one target the options name. */
    private ExplainTarget target() {
        int given = (className != null ? 1 : 0) + (concept != null ? 1 : 0) + (channel != null ? 1 : 0);
        if (given != 1) {
            throw new ConfigException("facet explain: give exactly one target: --class NAME|INDEX, --concept I "
                    + "(with --dictionary DIR) or --channel HOOK:C");
        }
        if (probability && className == null) {
            throw new ConfigException("facet explain: --probability applies only to --class");
        }
        if (score != null && concept == null) {
            throw new ConfigException("facet explain: --score applies only to --concept");
        }
        if ((concept != null) != (dictionary != null)) {
            throw new ConfigException("facet explain: --concept and --dictionary go together");
        }
        if (className != null) {
            return new ExplainTarget.ClassTarget(className, probability);
        }
        if (concept != null) {
            ImageScore imageScore = score == null ? ImageScore.MEAN : switch (score.toLowerCase(Locale.ROOT)) {
                case "mean" -> ImageScore.MEAN;
                case "max" -> ImageScore.MAX;
                default -> throw new ConfigException("facet explain --score: expected mean or max, found '" + score + "'");
            };
            return new ExplainTarget.ConceptTarget(concept, imageScore);
        }
        return ExplainTarget.ChannelTarget.parse("facet explain --channel", channel);
    }
}
