package dev.facet.bench;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.pipeline.scan.ConceptMaps;
import dev.facet.pipeline.scan.ConceptObjective;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import dev.facet.visualization.FeatureVisualization;
import dev.facet.visualization.Maco;
import dev.facet.visualization.MacoSettings;
import dev.facet.visualization.VisualizationPictures;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptance measurement of MACO on concepts (Fel et al. 2023, docs/algorithms.md#feature-visualization-maco):
 * on the dictionary {@code facet demo} learns ({@link DemoDictionary}), for the concepts that fire on the most
 * of the 2,000 bundled Fashion-MNIST images, each concept's mean-code objective ({@link ImageScore#MEAN}) on
 * the real images (mean and max over the images) against its value on the MACO image
 * ({@link FeatureVisualization#score}; beside it the mean objective over the crops at the first and last
 * steps and its largest value over the steps), through the TorchScript tiny ViT (the ONNX model's weights; the
 * report gives the largest difference of their layer-3 activations). The spectrum is the bundled images' own.
 * Every concept measured is reported, with the count whose MACO image reaches 10× the mean and the count
 * above the real images' max; the three pictures of each are written under {@code out}.
 */
public final class VisualizeAcceptance {
    private static final Logger LOG = LoggerFactory.getLogger(VisualizeAcceptance.class);
    /** The ratio over the real images' mean that the acceptance asks the MACO image to reach. */
    public static final double TARGET_RATIO = 10;
    private static final int BATCH = 100;
    /** Images on which the ONNX and TorchScript activations are compared. */
    private static final int COMPARED = 100;

    /**
     * What to measure.
     *
     * @param concepts how many of the most frequent live concepts, 0 for every live one
     * @param settings MACO's settings
     * @param out      where the pictures and the demo dictionary go
     */
    public record Options(int concepts, MacoSettings settings, Path out) {
        public Options {
            if (concepts < 0) {
                throw ConfigException.outOfRange("--concepts", concepts, ">= 0 (0 for every live concept)");
            }
        }
    }

    private final Options options;

    public VisualizeAcceptance(Options options) {
        this.options = options;
    }

    public BenchmarkReport run() {
        MacoSettings settings = options.settings();
        BenchmarkReport report = new BenchmarkReport("visualize-acceptance").parameter("concepts", options.concepts())
                .parameter("steps", settings.steps()).parameter("crops", settings.crops())
                .parameter("learningRate", settings.learningRate()).parameter("optimizer", settings.optimizer().name())
                .parameter("noise", settings.noise()).parameter("size", settings.size())
                .parameter("out", options.out().toAbsolutePath().toString())
                .parameter("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        try (LoadedPlugins plugins = PluginHost.builder().build().start();
             Dictionary dictionary = DemoDictionary.trainOrLoad(plugins.registry(), options.out().resolve("demo"),
                     LOG::info);
             Backbone torch = new TorchScriptBackboneFactory().open(BackboneConfig.of(DemoDictionary.MODEL))) {
            Tensor pixels = VisualizeBenchmark.pixels(torch, BundledModels.fashionMnistImages());
            report.result("onnxTorchscriptMaxDifference", onnxDifference(pixels.data(), torch));
            ConceptMaps maps = ConceptMaps.builder().setBackbone(torch).setHookPoint(DemoDictionary.HOOK)
                    .setDictionary(dictionary).build();
            RealImageScores real = RealImageScores.of(maps, pixels, BATCH);
            MagnitudeSpectrum spectrum = MagnitudeSpectrum.fromModelInput(List.of(pixels), torch.info().input());
            int[] concepts = real.mostFrequent(options.concepts());
            report.result("liveConcepts", real.mostFrequent(0).length);
            List<Map<String, Object>> rows = new ArrayList<>();
            int reached = 0;
            int aboveMax = 0;
            for (int concept : concepts) {
                Map<String, Object> row = measure(torch, dictionary, spectrum, real, concept);
                reached += (double) row.get("ratioToMean") >= TARGET_RATIO ? 1 : 0;
                aboveMax += (double) row.get("ratioToMax") > 1 ? 1 : 0;
                rows.add(row);
            }
            report.result("measured", concepts.length).result("reaching10xMean", reached)
                    .result("aboveRealMax", aboveMax).result("concepts", rows);
        }
        return report;
    }

    private Map<String, Object> measure(Backbone torch, Dictionary dictionary, MagnitudeSpectrum spectrum,
            RealImageScores real, int concept) {
        ConceptObjective objective = ConceptObjective.of(torch.info().hookPoint(DemoDictionary.HOOK), dictionary, concept,
                ImageScore.MEAN).straightThrough();
        RunContext context = RunContext.builder().setOutputDirectory(options.out()).optSeed(DemoDictionary.SEED).build();
        long started = System.nanoTime();
        FeatureVisualization visualization = Maco.builder().setBackbone(torch).setObjective(objective)
                .setSpectrum(spectrum).optSettings(options.settings()).run(context);
        double seconds = (System.nanoTime() - started) / 1e9;
        Path directory = options.out().resolve("concept-" + concept);
        VisualizationPictures.write(visualization, directory);
        double mean = real.mean(concept);
        double max = real.max(concept);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("concept", concept);
        row.put("firingImages", real.firing(concept));
        row.put("realMean", mean);
        row.put("realMax", max);
        row.put("macoScore", visualization.score());
        row.put("ratioToMean", visualization.score() / mean);
        row.put("ratioToMax", visualization.score() / max);
        double[] trajectory = visualization.trajectory();
        row.put("cropObjectiveFirst", trajectory[0]);
        row.put("cropObjectiveMax", Arrays.stream(trajectory).max().orElseThrow());
        row.put("cropObjectiveLast", trajectory[trajectory.length - 1]);
        row.put("seconds", seconds);
        row.put("pictures", directory.toAbsolutePath().toString());
        LOG.info("concept {}: real mean {} max {}, MACO {} ({}x the mean) in {} s", concept, mean, max,
                visualization.score(), visualization.score() / mean, seconds);
        return row;
    }

    /** The largest absolute difference of the ONNX and TorchScript layer-3 activations on the first images. */
    private static double onnxDifference(float[] pixels, Backbone torch) {
        long[] shape = torch.info().input().batchShape(COMPARED);
        Tensor first = new Tensor(shape, Arrays.copyOf(pixels, (int) (shape[1] * shape[2] * shape[3]) * COMPARED));
        try (Backbone onnx = new OnnxBackboneFactory().open(BackboneConfig.of(DemoDictionary.MODEL))) {
            float[] a = onnx.forward(first, DemoDictionary.HOOK).data();
            float[] b = torch.forward(first, DemoDictionary.HOOK).data();
            double max = 0;
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
            return max;
        }
    }
}
