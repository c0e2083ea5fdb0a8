package dev.facet.bench;

import dev.facet.attribution.fidelity.CausalFidelity;
import dev.facet.attribution.fidelity.CausalSettings;
import dev.facet.attribution.fidelity.MuFidelity;
import dev.facet.attribution.fidelity.MuFidelitySettings;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import dev.facet.spi.attribution.Attribution;
import dev.facet.spi.attribution.ClassObjective;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost and fidelity of the attribution methods ({@code facet explain}'s): per method and bundled model,
 * images explained per second, backbone forwards (or gradient passes) per second, and the bare
 * throughput of the same backbone on full batches of the method's batch size, measured in the same run
 * before and after the method: for a perturbation method at its batch size (32, every pass but the last
 * of an image full), for a gradient method at the mean batch of its gradient passes (one image for
 * saliency and gradient × input). {@code ratio} = forwards/s ÷ bare forwards/s says how much of the
 * model's speed the method keeps; {@code backboneFraction} is the share of the method's time spent
 * inside the backbone (the rest goes to masks, blending and copies). Perturbation methods (occlusion,
 * RISE, Sobol) run through ONNX, gradient methods (saliency, gradient × input, integrated gradients,
 * SmoothGrad) through TorchScript. On the tiny ViT each map is also scored by deletion, insertion and
 * MuFidelity (docs/algorithms.md#fidelity-metrics), averaged over the images. Each image explains its
 * predicted class's logit.
 */
public final class ExplainBenchmark {
    /** Methods run through ONNX, forward passes only. */
    public static final List<String> PERTURBATION = List.of("occlusion", "rise", "sobol");
    /** Methods run through TorchScript, with input gradients. */
    public static final List<String> GRADIENT = List.of("saliency", "gradient-input", "integrated-gradients",
            "smoothgrad");
    private static final String LOGITS = "logits";
    /** Every method's default batch size, which the bare forward of a perturbation method uses. */
    private static final int BATCH = 32;

    /**
     * What to measure.
     *
     * @param methods     the methods, a subset of {@link #PERTURBATION} and {@link #GRADIENT}
     * @param models      bundled models ({@code tiny-vit-fmnist}, {@code mobilenet-v2})
     * @param images      Fashion-MNIST images explained on the tiny ViT
     * @param photos      photos explained on MobileNetV2
     * @param masks       RISE's masks per image
     * @param designs     Sobol's designs per image
     * @param bareRepeats full batches timed for the bare throughput, before and after each method
     * @param fidelity    whether to score the tiny ViT's maps
     */
    public record Options(List<String> methods, List<String> models, int images, int photos, int masks, int designs,
                          int bareRepeats, boolean fidelity) {
        public Options {
            for (String method : methods) {
                if (!PERTURBATION.contains(method) && !GRADIENT.contains(method)) {
                    throw new ConfigException("--methods: unknown method '" + method + "'; expected some of "
                            + PERTURBATION + " and " + GRADIENT);
                }
            }
            for (String model : models) {
                if (!BundledModels.NAMES.contains(model)) {
                    throw new ConfigException("--models: '" + model + "' is not a bundled model " + BundledModels.NAMES);
                }
            }
            if (images < 1 || photos < 1 || masks < 1 || designs < 2 || bareRepeats < 1) {
                throw new ConfigException("--images, --photos, --masks, --bare-repeats must be >= 1 and --designs >= 2");
            }
            methods = List.copyOf(methods);
            models = List.copyOf(models);
        }
    }

    private final Options options;

    public ExplainBenchmark(Options options) {
        this.options = options;
    }

    public BenchmarkReport run() {
        BenchmarkReport report = new BenchmarkReport("explain").parameter("methods", options.methods())
                .parameter("models", options.models()).parameter("images", options.images())
                .parameter("photos", options.photos()).parameter("masks", options.masks())
                .parameter("designs", options.designs()).parameter("bareRepeats", options.bareRepeats())
                .parameter("fidelity", options.fidelity());
        try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
            for (String model : options.models()) {
                for (boolean gradient : new boolean[] {false, true}) {
                    List<String> methods = options.methods().stream()
                            .filter(m -> GRADIENT.contains(m) == gradient).toList();
                    if (methods.isEmpty()) {
                        continue;
                    }
                    BackboneFactory engine = gradient ? new TorchScriptBackboneFactory() : new OnnxBackboneFactory();
                    try (Backbone backbone = engine.open(BackboneConfig.of(model))) {
                        Tensor pixels = pixels(backbone, model);
                        int[] classes = predicted(backbone, pixels);
                        for (String method : methods) {
                            Attribution attribution = plugins.registry().attribution(method)
                                    .create(ConfigValues.of("explain benchmark " + method, settings(method)));
                            report.result(method + " " + model + " " + engine.id(),
                                    measure(attribution, backbone, pixels, classes, model, method));
                        }
                    }
                }
            }
        }
        return report;
    }

    private Map<String, Object> settings(String method) {
        return switch (method) {
            case "rise" -> Map.of("masks", options.masks());
            case "sobol" -> Map.of("designs", options.designs());
            default -> Map.of();
        };
    }

    private Map<String, Object> measure(Attribution attribution, Backbone backbone, Tensor pixels, int[] classes,
            String model, String method) {
        CountingBackbone counting = CountingBackbone.of(backbone);
        boolean gradient = GRADIENT.contains(method);
        RunContext context = RunContext.builder().setOutputDirectory(Path.of(".")).build();
        int n = (int) pixels.dim(0);
        Tensor[] maps = new Tensor[n];
        // a first image unmeasured: the batch size of a gradient method's passes, and the engine warmed up
        attribution.explain(counting, image(pixels, 0), ClassObjective.logit(LOGITS, classes[0]), context);
        int batch = gradient ? (int) Math.max(1, Math.round((double) counting.gradientImages / counting.gradientCalls))
                : BATCH;
        counting.reset();
        double bareBefore = bare(backbone, pixels, classes, batch, gradient);
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            maps[i] = attribution.explain(counting, image(pixels, i), ClassObjective.logit(LOGITS, classes[i]), context);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double bareAfter = bare(backbone, pixels, classes, batch, gradient);
        double bare = (bareBefore + bareAfter) / 2;
        long passes = gradient ? counting.gradientImages : counting.forwardImages;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", seconds);
        result.put("imagesPerSecond", n / seconds);
        result.put("forwardImages", counting.forwardImages);
        result.put("forwardCalls", counting.forwardCalls);
        result.put("gradientImages", counting.gradientImages);
        result.put("gradientCalls", counting.gradientCalls);
        result.put(gradient ? "gradientPassesPerSecond" : "forwardsPerSecond", passes / seconds);
        result.put(gradient ? "bareGradientPassesPerSecond" : "bareForwardsPerSecond", bare);
        result.put("bareBatch", batch);
        result.put("ratio", passes / seconds / bare);
        result.put("backboneFraction", counting.insideNanos / 1e9 / seconds);
        if (options.fidelity() && model.equals(BundledModels.NAMES.get(0))) {
            result.putAll(fidelity(backbone, pixels, maps, classes, context));
        }
        return result;
    }

    /** Images (or gradient passes) per second of the bare backbone on full batches. */
    private double bare(Backbone backbone, Tensor pixels, int[] classes, int batch, boolean gradient) {
        Tensor full = repeated(pixels, batch);
        int[] fullClasses = new int[batch];
        for (int i = 0; i < batch; i++) {
            fullClasses[i] = classes[i % classes.length];
        }
        Tensor upstream = gradient ? upstream(backbone, full, fullClasses) : null;
        Runnable pass = gradient
                ? () -> ((DifferentiableBackbone) backbone).inputGradient(full, LOGITS, upstream)
                : () -> backbone.forward(full, List.of(LOGITS));
        pass.run();
        long started = System.nanoTime();
        for (int r = 0; r < options.bareRepeats(); r++) {
            pass.run();
        }
        return (double) batch * options.bareRepeats() / ((System.nanoTime() - started) / 1e9);
    }

    private static Tensor upstream(Backbone backbone, Tensor pixels, int[] classes) {
        Tensor logits = backbone.forward(pixels, LOGITS);
        float[] weights = new float[logits.size()];
        int width = (int) logits.dim(1);
        for (int i = 0; i < classes.length; i++) {
            weights[i * width + classes[i]] = 1f;
        }
        return new Tensor(logits.shape(), weights);
    }

    private static Map<String, Object> fidelity(Backbone backbone, Tensor pixels, Tensor[] maps, int[] classes,
            RunContext context) {
        double deletion = 0;
        double insertion = 0;
        double mu = 0;
        for (int i = 0; i < maps.length; i++) {
            Tensor image = image(pixels, i);
            ClassObjective objective = ClassObjective.logit(LOGITS, classes[i]);
            deletion += new CausalFidelity(CausalFidelity.Mode.DELETION, CausalSettings.defaults())
                    .evaluate(backbone, image, maps[i], objective, context).auc()[0];
            insertion += new CausalFidelity(CausalFidelity.Mode.INSERTION, CausalSettings.defaults())
                    .evaluate(backbone, image, maps[i], objective, context).auc()[0];
            mu += new MuFidelity(MuFidelitySettings.defaults()).evaluate(backbone, image, maps[i], objective, context)
                    .correlations()[0];
        }
        return Map.of("deletionAuc", deletion / maps.length, "insertionAuc", insertion / maps.length,
                "muFidelity", mu / maps.length);
    }

    private Tensor pixels(Backbone backbone, String model) {
        boolean vit = model.equals(BundledModels.NAMES.get(0));
        Path source = vit ? BundledModels.fashionMnistImages() : BundledModels.photos();
        int n = vit ? options.images() : options.photos();
        try (ImageBatchLoader loader = ImageBatchLoader.open(ImageSources.open(source),
                new ImagePreprocessor(backbone.info().input()), LoaderOptions.withBatchSize(n))) {
            return loader.next().pixels();
        }
    }

    private static int[] predicted(Backbone backbone, Tensor pixels) {
        Tensor logits = backbone.forward(pixels, LOGITS);
        int n = (int) logits.dim(0);
        int width = (int) logits.dim(1);
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < width; c++) {
                if (logits.get(i, c) > logits.get(i, classes[i])) {
                    classes[i] = c;
                }
            }
        }
        return classes;
    }

    private static Tensor image(Tensor pixels, int i) {
        int size = pixels.size() / (int) pixels.dim(0);
        long[] shape = pixels.shape().clone();
        shape[0] = 1;
        return new Tensor(shape, Arrays.copyOfRange(pixels.data(), i * size, (i + 1) * size));
    }

    /** {@code batch} images cycling through those of {@code pixels}. */
    private static Tensor repeated(Tensor pixels, int batch) {
        int n = (int) pixels.dim(0);
        int size = pixels.size() / n;
        float[] data = new float[batch * size];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(pixels.data(), (b % n) * size, data, b * size, size);
        }
        long[] shape = pixels.shape().clone();
        shape[0] = batch;
        return new Tensor(shape, data);
    }
}
