package dev.facet.bench;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.ClassObjective;
import dev.facet.spi.attribution.Objective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import dev.facet.visualization.FeatureVisualization;
import dev.facet.visualization.Maco;
import dev.facet.visualization.MacoSettings;
import dev.facet.visualization.PixelSettings;
import dev.facet.visualization.PixelVisualization;
import dev.facet.visualization.maco.CropBox;
import dev.facet.visualization.maco.FourierImage;
import dev.facet.visualization.maco.MagnitudeSpectrum;
import dev.facet.visualization.maco.RandomCrops;
import dev.facet.visualization.optim.Optimizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Cost of feature visualization ({@code facet visualize}): seconds per visualization of MACO
 * (Fel et al. 2023, docs/algorithms.md#feature-visualization-maco) and of the pixel-space baseline
 * (Olah et al. 2017) on the bundled TorchScript models, each ascending the logit of the class the model
 * predicts for its first bundled image. Per run: seconds, seconds per step and per (step × crop) (or
 * jittered copy), the share of the time inside the backbone (forward passes and input gradients),
 * and for MACO the per-step cost of its own parts timed apart at the same sizes: the Fourier
 * parametrisation (render and its backward), the crops (resize and its backward) and the optimiser
 * step. MobileNetV2 (224×224 RGB) runs fewer steps and crops than the tiny ViT.
 */
public final class VisualizeBenchmark {
    /** The methods measured. */
    public static final List<String> METHODS = List.of("maco", "pixel");
    private static final String LOGITS = "logits";
    /** Repetitions of the component timings, after one unmeasured. */
    private static final int COMPONENT_REPEATS = 20;

    /**
     * What to measure.
     *
     * @param methods        a subset of {@link #METHODS}
     * @param models         bundled models ({@code tiny-vit-fmnist}, {@code mobilenet-v2})
     * @param steps          optimisation steps on the tiny ViT
     * @param crops          MACO's crops per step on the tiny ViT (and the pixel baseline's jittered copies)
     * @param photoSteps     optimisation steps on MobileNetV2
     * @param photoCrops     MACO's crops per step on MobileNetV2 (and the pixel baseline's copies)
     */
    public record Options(List<String> methods, List<String> models, int steps, int crops, int photoSteps,
                          int photoCrops) {
        public Options {
            for (String method : methods) {
                if (!METHODS.contains(method)) {
                    throw new ConfigException("--methods: unknown method '" + method + "'; expected some of " + METHODS);
                }
            }
            for (String model : models) {
                if (!BundledModels.NAMES.contains(model)) {
                    throw new ConfigException("--models: '" + model + "' is not a bundled model " + BundledModels.NAMES);
                }
            }
            if (steps < 1 || crops < 1 || photoSteps < 1 || photoCrops < 1) {
                throw new ConfigException("--steps, --crops, --photo-steps and --photo-crops must be >= 1");
            }
            methods = List.copyOf(methods);
            models = List.copyOf(models);
        }
    }

    private final Options options;

    public VisualizeBenchmark(Options options) {
        this.options = options;
    }

    public BenchmarkReport run() {
        BenchmarkReport report = new BenchmarkReport("visualize").parameter("methods", options.methods())
                .parameter("models", options.models()).parameter("steps", options.steps())
                .parameter("crops", options.crops()).parameter("photoSteps", options.photoSteps())
                .parameter("photoCrops", options.photoCrops()).parameter("objective", "logit of the predicted class")
                .parameter("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        for (String model : options.models()) {
            boolean vit = model.equals(BundledModels.NAMES.get(0));
            int steps = vit ? options.steps() : options.photoSteps();
            int crops = vit ? options.crops() : options.photoCrops();
            try (Backbone backbone = new TorchScriptBackboneFactory().open(BackboneConfig.of(model))) {
                Tensor pixels = pixels(backbone, vit ? BundledModels.fashionMnistImages() : BundledModels.photos());
                Objective objective = ClassObjective.logit(LOGITS, predicted(backbone, pixels));
                MagnitudeSpectrum spectrum = MagnitudeSpectrum.fromModelInput(List.of(pixels), backbone.info().input());
                for (String method : options.methods()) {
                    report.result(method + " " + model + " torchscript",
                            measure(method, backbone, objective, spectrum, steps, crops));
                }
            }
        }
        return report;
    }

    private Map<String, Object> measure(String method, Backbone backbone, Objective objective,
            MagnitudeSpectrum spectrum, int steps, int crops) {
        CountingBackbone counting = CountingBackbone.of(backbone);
        // one short unmeasured run warms the engine up
        visualize(method, counting, objective, spectrum, 2, crops).get();
        counting.reset();
        long started = System.nanoTime();
        FeatureVisualization result = visualize(method, counting, objective, spectrum, steps, crops).get();
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] trajectory = result.trajectory();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steps", steps);
        out.put(method.equals("maco") ? "crops" : "copies", crops);
        out.put("seconds", seconds);
        out.put("secondsPerStep", seconds / steps);
        out.put("secondsPerStepCrop", seconds / ((double) steps * crops));
        out.put("forwardImages", counting.forwardImages);
        out.put("gradientImages", counting.gradientImages);
        out.put("backboneSeconds", counting.insideNanos / 1e9);
        out.put("backboneFraction", counting.insideNanos / 1e9 / seconds);
        out.put("ownSeconds", seconds - counting.insideNanos / 1e9);
        out.put("firstStepObjective", trajectory[0]);
        out.put("lastStepObjective", trajectory[trajectory.length - 1]);
        out.put("score", result.score());
        if (method.equals("maco")) {
            out.put("ownPartsSecondsPerStep", macoParts(backbone.info().input(), spectrum, crops));
        }
        return out;
    }

    private static Supplier<FeatureVisualization> visualize(String method, Backbone backbone, Objective objective,
            MagnitudeSpectrum spectrum, int steps, int crops) {
        RunContext context = RunContext.builder().setOutputDirectory(Path.of(".")).build();
        if (method.equals("maco")) {
            MacoSettings defaults = MacoSettings.defaults();
            MacoSettings settings = new MacoSettings(steps, crops, defaults.learningRate(), defaults.optimizer(),
                    defaults.noise(), defaults.size(), defaults.batchSize());
            return () -> Maco.builder().setBackbone(backbone).setObjective(objective).setSpectrum(spectrum)
                    .optSettings(settings).run(context);
        }
        PixelSettings defaults = PixelSettings.defaults();
        PixelSettings settings = new PixelSettings(steps, defaults.learningRate(), defaults.jitter(), defaults.l2(),
                defaults.tv(), defaults.size(), crops);
        return () -> PixelVisualization.builder().setBackbone(backbone).setObjective(objective).optSettings(settings)
                .run(context);
    }

    /**
     * Seconds per step of MACO's own parts at the model's input size, timed apart: the Fourier image
     * (render and backward), the crops (each crop and its backward) and one optimiser step on the phase.
     */
    private static Map<String, Object> macoParts(InputSpec input, MagnitudeSpectrum spectrum, int crops) {
        int channels = input.channels();
        int height = input.height();
        int width = input.width();
        FourierImage fourier = new FourierImage(spectrum);
        SplittableRandom random = new SplittableRandom(0);
        float[] phase = new float[fourier.phaseSize()];
        for (int i = 0; i < phase.length; i++) {
            phase[i] = (float) random.nextGaussian();
        }
        float[] imageGradient = new float[channels * height * width];
        for (int i = 0; i < imageGradient.length; i++) {
            imageGradient[i] = (float) random.nextGaussian();
        }
        int cropSize = channels * height * width;
        float[] cropped = new float[crops * cropSize];
        float[] image = fourier.render(phase);
        List<CropBox> boxes = RandomCrops.sample(random, crops, 0.3);
        Optimizer optimizer = MacoSettings.defaults().optimizer().create(phase.length, 1e-3);
        float[] phaseGradient = fourier.backward(phase, imageGradient);
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("fourier", perRun(() -> {
            fourier.render(phase);
            fourier.backward(phase, imageGradient);
        }));
        parts.put("crops", perRun(() -> {
            float[] back = new float[imageGradient.length];
            for (int k = 0; k < crops; k++) {
                RandomCrops.crop(image, channels, height, width, boxes.get(k), height, width, cropped, k * cropSize);
                RandomCrops.cropBackward(cropped, k * cropSize, channels, height, width, boxes.get(k), height, width,
                        back);
            }
        }));
        parts.put("optimizer", perRun(() -> optimizer.step(phase, phaseGradient)));
        return parts;
    }

    private static double perRun(Runnable work) {
        return Timings.measure(1, COMPONENT_REPEATS, work).median();
    }

    /** Images a benchmark loads to estimate a spectrum: all the bundled ones. */
    static final int SPECTRUM_IMAGES = 2000;

    /** The first bundled images of {@code images} (all of them, up to 2,000), preprocessed for {@code backbone}. */
    static Tensor pixels(Backbone backbone, Path images) {
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(images),
                new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(SPECTRUM_IMAGES))) {
            return loader.next().pixels();
        }
    }

    /** The class the model predicts for the first image. */
    private static int predicted(Backbone backbone, Tensor pixels) {
        Tensor logits = backbone.forward(pixels, LOGITS);
        int best = 0;
        for (int c = 1; c < logits.dim(1); c++) {
            if (logits.get(0, c) > logits.get(0, best)) {
                best = c;
            }
        }
        return best;
    }
}
