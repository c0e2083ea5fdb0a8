package dev.facet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.pipeline.ConceptReport;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.ReportSettings;
import dev.facet.pipeline.Stages;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet report}: the concept atlas of a saved dictionary over a set of images, without the
 * rest of the pipeline. The model, layer, token selection and preprocessing default to the ones the
 * dictionary was trained on ({@link TrainingRecord}: its {@code provenance.json} and its store's
 * manifest); a layer, token selection or preprocessing other than the recorded one is refused naming
 * both, another model only warned about (files move).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the HTML concept atlas of a dictionary: top images, heatmaps, evidence, zoom, histograms.")
final class ReportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordedBackboneOptions backboneOptions = new RecordedBackboneOptions();

    @Mixin
    private SavedDictionaryOptions dictionaryOptions = new SavedDictionaryOptions();

    @Option(names = "--images", required = true, paramLabel = "PATH",
            description = "A folder of images (recursive), an IDX file, or a list file of paths.")
    private Path images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Atlas directory to write (an older atlas there is replaced).")
    private Path out;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "metrics.json from facet eval for the overview (default: DIR/metrics.json of --dict when present).")
    private Path metrics;




    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Report setting: top_images, score (mean|max), colormap (viridis|jet|palette), interpolation "
                    + "(bilinear|bicubic), nearest, image_size, max_concepts, histogram_bins, image_format (auto|png|jpeg), "
                    + "jpeg_quality, title, "
                    + "attribution={\"id\":\"occlusion\",\"window\":8,\"images\":4}, visualizers=[{\"id\":\"maco\",\"steps\":64}] (a feature visualization beside each concept's top images; "
                    + "maco and pixel need --engine torchscript) or a plugin's; repeatable (default: none, the report defaults).")
    private List<String> settings = new ArrayList<>();

    @Mixin
    private ImageReadOptions imageOptions = new ImageReadOptions();

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Mixin
    private SparkOptions sparkOptions = new SparkOptions();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ConceptReport.requireOutput(out, "facet report --out");
        Path dictionary = dictionaryOptions.directory;
        TrainingRecord record = TrainingRecord.of(dictionary);
        PipelineConfig.Images imageSection = imageOptions.section("facet report", images, Map.of());
        ReportSettings reportSettings = ReportSettings.of(ConfigValues.of("facet report --set", KeyValues.parse(settings)));
        Path metricsFile = metrics != null ? metrics
                : Files.isRegularFile(dictionary.resolve("metrics.json")) ? dictionary.resolve("metrics.json") : null;
        String learner = Stages.learnerOf(dictionaryOptions.learner, dictionary);
        try (LoadedPlugins plugins = pluginOptions.start()) {
            Stages stages = sparkOptions.apply(ExtractCommand.stages(plugins, stderr), pluginOptions, "facet report");
            PipelineConfig.Backbone section = backboneOptions.section(record, "facet report", stderr, plugins.registry());
            try (Dictionary dict = stages.load(learner, dictionary);
                 Backbone backbone = stages.openBackbone(section)) {
                RecordedBackboneOptions.check(record, backbone, "facet report", stderr);
                ConceptReport report = stages.report(backbone, section, imageSection, dict, learner, dictionary,
                                reportSettings)
                        .optMetrics(metricsFile)
                        .build();
                ConceptReport.Summary summary = stages.write(report, out, null);
                stdout.println("Atlas of " + summary.concepts() + " concepts (" + summary.drawn() + " drawn) over "
                        + summary.images() + " images: " + summary.index().toAbsolutePath());
            }
        }
        return 0;
    }
}
