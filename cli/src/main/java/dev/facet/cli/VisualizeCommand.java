package dev.facet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.explain.TargetResolver;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.io.OutputDirectory;
import dev.facet.spi.io.StagedDirectory;
import dev.facet.spi.run.CancellationToken;
import dev.facet.spi.run.RunContext;
import dev.facet.visualization.FeatureVisualization;
import dev.facet.visualization.VisualizationMethod;
import dev.facet.visualization.VisualizationPictures;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet visualize}: feature visualizations of a class, concepts, a channel or a direction
 * (docs/usage.md#feature-visualization) by MACO (Fel et al. 2023, {@link dev.facet.visualization.Maco}) or the
 * pixel-space baseline (Olah et al. 2017, {@link dev.facet.visualization.PixelVisualization}). Targets are resolved as {@code facet explain} resolves its
 * own. Per target a folder with the image, its transparency map and their product as PNG; one
 * {@code visualize.json} with the settings, each target's objective per step and final score and, given
 * {@code --images}, the objective's mean and max over those real images. Every refusal (a backbone without
 * input gradients, an unknown class, a bad direction file, MACO without a spectrum source) comes before the
 * first optimisation step; the directory is published whole.
 */
@Command(name = "visualize", mixinStandardHelpOptions = true, resourceBundle = "dev.facet.cli.VisualizeHelp",
        description = "Feature visualization of a class, concepts of a dictionary, a channel or a direction by MACO "
                + "(a learned phase under a natural magnitude spectrum) or the pixel-space baseline: PNGs and "
                + "visualize.json.")
final class VisualizeCommand implements Callable<Integer> {
    /** The file every visualization directory holds. */
    static final String SUMMARY = "visualize.json";

    private static final String COMMAND = "facet visualize";
    private static final String KIND = "a visualization directory";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = BackboneOptions.MODEL_TEXT + ".")
    private String model;

    @Mixin
    private BackboneOptions backboneOptions = new BackboneOptions();

    @Option(names = "--method", defaultValue = "maco", paramLabel = "METHOD", completionCandidates = MethodNames.class,
            description = "Visualization method, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private String method;

    @Option(names = "--class", paramLabel = "NAME|INDEX",
            description = "Visualize this class's logit: a name of the model descriptor's class_names or an index "
                    + "(default: none; give exactly one of --class, --concept, --channel and --direction).")
    private String className;

    @Option(names = "--probability", description = "With --class: maximise the softmax probability, not the logit.")
    private boolean probability;

    @Option(names = "--concept", paramLabel = "LIST",
            description = "Visualize these concepts of --dictionary, comma-separated indices or all; each maximises "
                    + "the mean of its code over the grid tokens (default: none).")
    private String concepts;

    @Option(names = {"--dictionary", "--dict"}, paramLabel = "DIR",
            description = "With --concept: the dictionary directory made by facet train, at whose hook point the "
                    + "concepts are read (default: none).")
    private Path dictionary;

    @Option(names = "--learner", paramLabel = "ID",
            description = "With --concept: the learner that loads the dictionary (default: the one its config.json names).")
    private String learner;

    @Option(names = "--channel", paramLabel = "HOOK:C",
            description = "Visualize the mean of channel C of hook point HOOK (default: none).")
    private String channel;

    @Option(names = "--direction", paramLabel = "FILE",
            description = "Visualize a direction of --hook's activations: a float .npy vector (numpy.save) of D values, "
                    + "D the hook point's channels; the objective is <a, v>·max(cos(a, v), 0.1)² (default: none).")
    private Path direction;

    @Option(names = "--hook", paramLabel = "HOOK", description = "With --direction: the hook point it lives in (default: none).")
    private String hook;

    @Option(names = "--steps", paramLabel = "N", descriptionKey = "steps")
    private Integer steps;

    @Option(names = "--crops", paramLabel = "N", descriptionKey = "crops")
    private Integer crops;

    @Option(names = "--lr", paramLabel = "LR", descriptionKey = "learning_rate")
    private Double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", descriptionKey = "optimizer")
    private String optimizer;

    @Option(names = "--noise", paramLabel = "SIGMA", descriptionKey = "noise")
    private Double noise;

    @Option(names = "--jitter", paramLabel = "PIXELS", descriptionKey = "jitter")
    private Integer jitter;

    @Option(names = "--l2", paramLabel = "WEIGHT", descriptionKey = "l2")
    private Double l2;

    @Option(names = "--tv", paramLabel = "WEIGHT", descriptionKey = "tv")
    private Double tv;

    @Option(names = "--size", paramLabel = "PIXELS", descriptionKey = "size")
    private Integer size;

    @Option(names = "--batch", paramLabel = "N", descriptionKey = "batch_size")
    private Integer batch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the phase, crops, noise and jitter: the same seed gives the same PNGs "
                    + "(default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--images", paramLabel = "PATH",
            description = "Real images (a folder, an IDX file or a list file): MACO's magnitude spectrum is estimated "
                    + "from them unless --spectrum is given, and each target's score is compared with its mean and "
                    + "max over them (default: none).")
    private Path images;

    @Option(names = "--spectrum-images", defaultValue = "256", paramLabel = "N",
            description = "Read at most the first N of --images (default: ${DEFAULT-VALUE}).")
    private int spectrumImages;

    @Option(names = "--max-pixels", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS, paramLabel = "N",
            description = "Skip, undecoded, an image whose header declares more pixels (default: ${DEFAULT-VALUE}).")
    private long maxPixels;

    @Option(names = "--spectrum", paramLabel = "FILE",
            description = "MACO's magnitude spectrum, a .npy written by --save-spectrum (default: none, estimated "
                    + "from --images).")
    private Path spectrum;

    @Option(names = "--save-spectrum", paramLabel = "FILE",
            description = "Also write the spectrum used to this .npy file, for --spectrum of later runs (default: none).")
    private Path saveSpectrum;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory to write (an older visualization directory there is replaced).")
    private Path out;

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        PrintWriter stderr = spec.commandLine().getErr();
        MethodSettings chosen = settings(MethodSettings.parse(method, COMMAND + " --method"));
        requireTargetAndSources(chosen.method());
        OutputDirectory.requireSafe(out, COMMAND + " --out", KIND, SUMMARY);
        String layer = dictionary != null ? TrainingRecord.of(dictionary).hookPoint() : hook;
        if (dictionary != null && layer == null) {
            throw new ConfigException(COMMAND + " --dictionary: " + dictionary.resolve("provenance.json")
                    + " does not name the hook point the dictionary was trained on");
        }
        try (LoadedPlugins plugins = pluginOptions.start()) {
            Stages stages = ExtractCommand.stages(plugins, stderr);
            PipelineConfig.Backbone section = backboneOptions.section(COMMAND, model, layer, null);
            try (Dictionary dict = dictionary == null ? null : stages.load(learner, dictionary);
                 Backbone backbone = stages.openBackbone(section)) {
                if (dictionary != null) {
                    TrainingRecord.of(dictionary).requireSamePreprocessing(backbone.info().input());
                }
                chosen.requireBackbone(backbone);
                List<VisualTargets.Target> targets = targets(backbone, section, dict);
                InputSpec input = backbone.info().input();
                RealImages real = images == null ? null : RealImages.read(images, spectrumImages, maxPixels, input,
                        chosen.batchSize(), CancellationToken.create());
                MagnitudeSpectrum magnitude = chosen.method() == VisualizationMethod.MACO ? magnitude(real, input) : null;
                Map<String, Object> summary = summary(chosen, backbone, section, real);
                write(chosen, backbone, targets, magnitude, real, summary);
            }
        }
        return 0;
    }

    /** The settings of {@code chosen} from the options given; an option of another method is refused. */
    private MethodSettings settings(VisualizationMethod chosen) {
        Set<String> settingNames = new HashSet<>();
        MethodSettings.declared().values().forEach(declared -> settingNames.addAll(declared.names()));
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String key = option.descriptionKey();
            if (option.getValue() == null || !settingNames.contains(key)) {
                continue;
            }
            if (!MethodSettings.declared().get(chosen).names().contains(key)) {
                throw new ConfigException(COMMAND + " " + option.longestName() + " does not apply to --method "
                        + MethodSettings.id(chosen));
            }
            values.put(key, option.getValue());
        }
        return new MethodSettings(chosen, ConfigValues.of(COMMAND, values));
    }

    /**
     * Visualizes every target into a staged directory and publishes it with {@code visualize.json}: one
     * progress bar and one printed line per target.
     */
    private void write(MethodSettings chosen, Backbone backbone, List<VisualTargets.Target> targets,
            MagnitudeSpectrum magnitude, RealImages real, Map<String, Object> summary) {
        PrintWriter stdout = spec.commandLine().getOut();
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), System.console() != null);
        List<double[]> realScores = real == null ? null
                : real.scores(backbone, targets.stream().map(VisualTargets.Target::objective).toList());
        List<Map<String, Object>> written = new ArrayList<>();
        try (StagedDirectory staged = StagedDirectory.begin(out, COMMAND + " --out", KIND, SUMMARY)) {
            for (int t = 0; t < targets.size(); t++) {
                VisualTargets.Target target = targets.get(t);
                Path folder = staged.staging().resolve(target.folder());
                long started = System.nanoTime();
                FeatureVisualization result = chosen.run(backbone, target.objective(), magnitude,
                        RunContext.builder().setOutputDirectory(folder).optProgress(progress).optSeed(seed).build());
                List<Path> files = VisualizationPictures.write(result, folder);
                Map<String, Object> entry = entry(target, files, staged.staging(), result,
                        (System.nanoTime() - started) / 1e9, realScores == null ? null : realScores.get(t));
                written.add(entry);
                stdout.println(line(target, entry, out.resolve(target.folder())));
            }
            summary.put("targets", written);
            writeJson(staged.staging().resolve(SUMMARY), summary);
            staged.publish();
        }
        stdout.printf(Locale.ROOT, "Visualized %d target(s) with %s: %s%n", targets.size(),
                MethodSettings.id(chosen.method()), out.resolve(SUMMARY));
    }

    private void requireTargetAndSources(VisualizationMethod chosen) {
        int given = (className != null ? 1 : 0) + (concepts != null ? 1 : 0) + (channel != null ? 1 : 0)
                + (direction != null ? 1 : 0);
        if (given != 1) {
            throw new ConfigException(COMMAND + ": give exactly one target: --class NAME|INDEX, --concept LIST (with "
                    + "--dictionary DIR), --channel HOOK:C or --direction FILE (with --hook HOOK)");
        }
        if (probability && className == null) {
            throw new ConfigException(COMMAND + ": --probability applies only to --class");
        }
        if ((concepts != null) != (dictionary != null)) {
            throw new ConfigException(COMMAND + ": --concept and --dictionary go together");
        }
        if ((direction != null) != (hook != null)) {
            throw new ConfigException(COMMAND + ": --direction and --hook go together");
        }
        if (spectrumImages < 1) {
            throw ConfigException.outOfRange(COMMAND + " --spectrum-images", spectrumImages, ">= 1");
        }
        if (images != null && !Files.exists(images)) {
            throw new ConfigException(COMMAND + " --images: " + images + " does not exist");
        }
        if (spectrum != null && !Files.isRegularFile(spectrum)) {
            throw new ConfigException(COMMAND + " --spectrum: " + spectrum + " is not a file");
        }
        if (chosen == VisualizationMethod.MACO && spectrum == null && images == null) {
            throw new ConfigException(COMMAND + " --method maco needs a magnitude spectrum: give --images PATH (it is "
                    + "estimated from up to --spectrum-images of them) or --spectrum FILE.npy");
        }
        if (chosen != VisualizationMethod.MACO && (spectrum != null || saveSpectrum != null)) {
            throw new ConfigException(COMMAND + ": --spectrum and --save-spectrum apply only to --method maco");
        }
        if (saveSpectrum != null && Files.isDirectory(saveSpectrum)) {
            throw new ConfigException(COMMAND + " --save-spectrum: " + saveSpectrum + " is a directory; expected a .npy file");
        }
    }

    private List<VisualTargets.Target> targets(Backbone backbone, PipelineConfig.Backbone section, Dictionary dict) {
        TargetResolver resolver = new TargetResolver(backbone.info(), Stages.classNames(section), dict,
                dictionary == null ? null : section.hookPoint());
        if (className != null) {
            return List.of(VisualTargets.ofClass(resolver, className, probability));
        }
        if (concepts != null) {
            return VisualTargets.ofConcepts(resolver, VisualTargets.concepts(concepts, dict.info().concepts()));
        }
        if (channel != null) {
            return List.of(VisualTargets.ofChannel(resolver, channel));
        }
        return List.of(VisualTargets.ofDirection(backbone.info().hookPoint(section.hookPoint()), direction));
    }

    /** The spectrum of {@code --spectrum}, else estimated from the real images; saved when asked. */
    private MagnitudeSpectrum magnitude(RealImages real, InputSpec input) {
        MagnitudeSpectrum magnitude;
        if (spectrum != null) {
            magnitude = MagnitudeSpectrum.load(spectrum);
            if (magnitude.channels() != input.channels()) {
                throw new InvalidDataException(COMMAND + " --spectrum: " + spectrum + " holds a spectrum of "
                        + magnitude.channels() + " channel(s); the model takes " + input.channels());
            }
        } else {
            magnitude = real.spectrum();
        }
        if (saveSpectrum != null) {
            magnitude.save(saveSpectrum);
        }
        return magnitude;
    }

    private Map<String, Object> summary(MethodSettings chosen, Backbone backbone, PipelineConfig.Backbone section,
            RealImages real) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", COMMAND);
        summary.put("model", model);
        summary.put("backbone", backbone.info().model());
        summary.put("engine", section.id());
        summary.put("input", TrainingRecord.text(backbone.info().input()));
        summary.put("method", MethodSettings.id(chosen.method()));
        summary.put("settings", chosen.resolved());
        summary.put("seed", seed);
        if (dictionary != null) {
            summary.put("dictionary", dictionary.toAbsolutePath().normalize().toString());
        }
        if (chosen.method() == VisualizationMethod.MACO) {
            summary.put("spectrum", spectrum != null ? spectrum.toAbsolutePath().normalize().toString()
                    : "estimated from the images");
        }
        if (real != null) {
            summary.put("images", real.description());
        }
        return summary;
    }

    private static Map<String, Object> entry(VisualTargets.Target target, List<Path> files, Path root,
            FeatureVisualization result, double seconds, double[] realScores) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", target.folder());
        entry.put("target", target.description());
        entry.put("hook_point", target.objective().hookPoint());
        Map<String, Object> names = new LinkedHashMap<>();
        Iterator<Path> file = files.iterator();
        for (String kind : List.of("image", "transparency", "product")) {
            names.put(kind, root.relativize(file.next()).toString().replace('\\', '/'));
        }
        entry.put("files", names);
        entry.put("score", finite(result.score()));
        entry.put("seconds", Math.round(seconds * 1000) / 1000.0);
        List<Object> trajectory = new ArrayList<>();
        for (double value : result.trajectory()) {
            trajectory.add(finite(value));
        }
        entry.put("trajectory", trajectory);
        if (realScores != null) {
            double mean = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (double score : realScores) {
                mean += score / realScores.length;
                max = Math.max(max, score);
            }
            Map<String, Object> real = new LinkedHashMap<>();
            real.put("mean", finite(mean));
            real.put("max", finite(max));
            real.put("score_over_mean", mean > 0 ? finite(result.score() / mean) : null);
            real.put("score_over_max", max > 0 ? finite(result.score() / max) : null);
            entry.put("real_images", real);
        }
        return entry;
    }

    /** One line per target: its score, against the real images when known, and where its pictures are. */
    private static String line(VisualTargets.Target target, Map<String, Object> entry, Path folder) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: score %.4g in %.1f s", target.folder(),
                (Double) entry.get("score"), (Double) entry.get("seconds")));
        if (entry.get("real_images") instanceof Map<?, ?> real) {
            line.append(String.format(Locale.ROOT, " (real images: mean %.4g, max %.4g", real.get("mean"), real.get("max")));
            if (real.get("score_over_mean") != null) {
                line.append(String.format(Locale.ROOT, "; %.1fx the mean", real.get("score_over_mean")));
            }
            line.append(')');
        }
        return line.append(" -> ").append(folder).toString();
    }

    /** {@code value}, or null where JSON has no number for it. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void writeJson(Path file, Object document) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        } catch (IOException e) {
            throw new FacetException("Cannot write " + file + ": " + e, e);
        }
    }

    /** The names {@code --method} takes, for {@code --help}. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return MethodSettings.ids().iterator();
        }
    }
}
