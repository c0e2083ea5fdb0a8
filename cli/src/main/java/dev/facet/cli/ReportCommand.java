package dev.facet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.pipeline.LimitedImageSource;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.pipeline.ConceptReport;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.pipeline.ReportSettings;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet report}: the concept atlas of a saved dictionary over a set of images, without the
 * rest of the pipeline. The layer and token selection default to the ones the dictionary was
 * trained on (from its {@code provenance.json}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the HTML concept atlas of a dictionary: top images, heatmaps, evidence, zoom, histograms.")
final class ReportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Mixin
    private BackboneOptions backboneOptions = new BackboneOptions();

    @Option(names = "--dict", required = true, paramLabel = "DIR", description = "Dictionary directory made by facet train.")
    private Path dictionary;

    @Option(names = "--images", required = true, paramLabel = "PATH",
            description = "A folder of images (recursive), an IDX file, or a list file of paths.")
    private Path images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Atlas directory to write (an older atlas there is replaced).")
    private Path out;

    @Option(names = "--layer", paramLabel = "LAYER", description = "Hook point (default: the one the dictionary was trained on).")
    private String layer;

    @Option(names = "--learner", paramLabel = "ID", description = "Learner that loads the dictionary (default: from its config.json).")
    private String learner;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "metrics.json from facet eval for the overview (default: DIR/metrics.json of --dict when present).")
    private Path metrics;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N images (0 = all).")
    private int limit;

    @Option(names = "--batch", defaultValue = "64", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Report setting: top_images, score (mean|max), colormap (viridis|jet|palette), interpolation "
                    + "(bilinear|bicubic), nearest, image_size, max_concepts, histogram_bins, title, "
                    + "attribution={\"id\":\"occlusion\",\"window\":8}, visualizers=[{\"id\":\"...\"}]; repeatable.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Directory of plugin jars; repeatable.")
    private List<Path> pluginDirectories = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        String id = learner != null ? learner : DictionaryEvaluation.learnerOf(dictionary);
        JsonNode source = trainedOn(dictionary);
        String hook = layer != null ? ExtractCommand.hookName(layer) : source.path("hook_point").asText(null);
        if (hook == null) {
            throw new ConfigException("facet report: --layer is required: " + dictionary.resolve("provenance.json")
                    + " does not name the hook point the dictionary was trained on");
        }
        ReportSettings reportSettings = ReportSettings.of(ConfigValues.of("facet report --set", TrainCommand.settings(settings)));
        Path metricsFile = metrics != null ? metrics
                : Files.isRegularFile(dictionary.resolve("metrics.json")) ? dictionary.resolve("metrics.json") : null;
        PluginHost.Builder host = PluginHost.builder();
        pluginDirectories.forEach(host::addPluginsDirectory);
        try (LoadedPlugins plugins = host.build().start();
             Dictionary dict = plugins.registry().learner(id).load(dictionary);
             Backbone backbone = plugins.registry().backbone(backboneOptions.engineId()).open(backboneOptions.config())) {
            ConceptReport.Builder report = ConceptReport.builder()
                    .optPluginsOf(plugins.registry(), reportSettings, backbone.info());
            ConceptReport.Summary summary = report
                    .setBackbone(backbone)
                    .setHookPoint(hook)
                    .setImages(LimitedImageSource.of(ImageSources.open(images), limit))
                    .setDictionary(dict, id)
                    .setSettings(reportSettings)
                    .optTokens(source.path("tokens").asText("patch"))
                    .optDictionaryDirectory(dictionary)
                    .optMetrics(metricsFile)
                    .optBatchSize(batch)
                    .build()
                    .write(out, RunContext.builder().setOutputDirectory(out)
                            .optProgress(new ConsoleProgress(stderr, System.console() != null)).build());
            stdout.println("Atlas of " + summary.concepts() + " concepts (" + summary.drawn() + " drawn) over "
                    + summary.images() + " images: " + summary.index().toAbsolutePath());
        }
        return 0;
    }

    /** The {@code source} block of the dictionary's provenance (hook point, tokens), or an empty node. */
    private static JsonNode trainedOn(Path dictionary) {
        Path file = dictionary.resolve("provenance.json");
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(file.toFile()).path("source");
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot be read as JSON (" + e.getMessage() + ")");
        }
    }
}
