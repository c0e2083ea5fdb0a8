package dev.facet.cli;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.importance.ClassResult;
import dev.facet.pipeline.importance.ImportanceRequest;
import dev.facet.pipeline.importance.ImportanceResult;
import dev.facet.pipeline.importance.ImportanceScore;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import java.io.PrintWriter;
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
import picocli.CommandLine.Spec;

/**
 * {@code facet importance}: which concepts of a saved dictionary drive a class (CRAFT concept
 * importance, docs/algorithms.md#concept-importance). The backbone resumes from the dictionary's layer
 * to the logits with concepts masked or removed; the images of each class (by label when the images
 * have labels, else by the model's prediction) are explained and their scores averaged. Writes
 * {@code importance.json} (docs/formats.md#concept-importance) and prints each class's leading concepts.
 */
@Command(name = "importance", mixinStandardHelpOptions = true,
        description = "Ranks the concepts of a dictionary by their importance for classes (Sobol, ablation, gradient × concept).")
final class ImportanceCommand implements Callable<Integer> {
    private static final int PRINTED = 5;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordedBackboneOptions backboneOptions = new RecordedBackboneOptions();

    @Mixin
    private SavedDictionaryOptions dictionaryOptions = new SavedDictionaryOptions();

    @Option(names = "--images", required = true, paramLabel = "PATH",
            description = "A folder of images (recursive), an IDX file (with its labels file beside it), or a list file of paths.")
    private Path images;

    @Option(names = "--class", paramLabel = "NAME|INDEX", split = ",",
            description = "Class to explain, by name (see --class-names) or index, or all; repeatable (default: all).")
    private List<String> classes = new ArrayList<>();

    @Option(names = "--class-names", paramLabel = "NAMES", split = ",",
            description = "The name of every class in the model's output order, comma-separated (default: the model descriptor's "
                    + "class_names, else classes go by index).")
    private List<String> classNames = new ArrayList<>();

    @Option(names = "--images-per-class", paramLabel = "N",
            description = "Images explained per class, the first of the class in source order, 0 = all (default: 16).")
    private Integer imagesPerClass;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the JSON (default: DIR/importance.json of --dict).")
    private Path out;




    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Importance setting: designs, scores (sobol,ablation,gradient), batch_size, objective "
                    + "(logit|probability), output, top_images; repeatable (default: none, the importance.* defaults of "
                    + "docs/formats.md#pipeline-config).")
    private List<String> settings = new ArrayList<>();

    @Mixin
    private ImageReadOptions imageOptions = new ImageReadOptions();

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path dictionary = dictionaryOptions.directory;
        TrainingRecord record = TrainingRecord.of(dictionary);
        PipelineConfig.Images imageSection = imageOptions.section("facet importance", images, Map.of());
        Map<String, Object> values = new LinkedHashMap<>(KeyValues.parse(settings));
        if (!classes.isEmpty()) {
            values.put("classes", classes);
        }
        if (!classNames.isEmpty()) {
            values.put("class_names", classNames);
        }
        if (imagesPerClass != null) {
            values.put("images_per_class", imagesPerClass);
        }
        ImportanceRequest request = ImportanceRequest.of(ConfigValues.of("facet importance", values));
        Path target = out != null ? out : dictionary.resolve("importance.json");
        String learner = Stages.learnerOf(dictionaryOptions.learner, dictionary);
        try (LoadedPlugins plugins = pluginOptions.start()) {
            Stages stages = ExtractCommand.stages(plugins, stderr);
            PipelineConfig.Backbone section = backboneOptions.section(record, "facet importance", stderr, plugins.registry());
            try (Dictionary dict = stages.load(learner, dictionary);
                 Backbone backbone = stages.openBackbone(section)) {
                RecordedBackboneOptions.check(record, backbone, "facet importance", stderr);
                ImportanceResult result = stages.importance(backbone, section, imageSection, dict, request,
                        target.toAbsolutePath().getParent());
                result.write(target);
                print(stdout, result);
                stdout.println("Wrote " + target);
            }
        }
        return 0;
    }

    private static void print(PrintWriter out, ImportanceResult result) {
        ImportanceScore primary = result.primary();
        out.println("Concept importance at " + result.hookPoint() + " (" + primary.id() + "; classes by "
                + result.membership() + "; scores " + result.computed().stream().sorted().map(ImportanceScore::id).toList()
                + (result.computed().contains(ImportanceScore.GRADIENT) ? "" : ", gradient × concept omitted: the backbone "
                + "cannot differentiate a resumed pass") + ")");
        for (ClassResult c : result.classes()) {
            double[] mean = c.mean(primary);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-16s %3d images:", c.name(), c.images().size()));
            for (int concept : c.ranking(primary).subList(0, Math.min(PRINTED, c.ranking(primary).size()))) {
                line.append(String.format(Locale.ROOT, "  #%d %.3f", concept, mean[concept]));
            }
            out.println(line);
        }
    }
}
