package dev.facet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageSources;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.PipelineRunner;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.io.OutputLock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet demo}: the whole pipeline on a bundled model and its bundled images, with settings
 * that finish in about a minute on two cores, ending with the path of the concept atlas: the tiny
 * ViT on Fashion-MNIST (the default), or {@code --model mobilenet-v2}, the MobileNetV2 on the
 * bundled photos; on the tiny ViT it also ranks the concepts that drive each class (concept importance).
 * With {@code --visualize} (tiny ViT) the {@value #VISUALIZED_CONCEPTS} most energetic concepts are drawn,
 * each with its MACO feature visualization (Fel et al. 2023) beside its top images, which needs input
 * gradients: the demo then runs the TorchScript copy of the model instead of the ONNX one (the same
 * weights; both engines agree on every layer, TinyVitTest).
 * The config it runs is written to {@code OUT/demo-config.json} for {@code facet run}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline on a bundled model and its images and prints where the atlas is.")
final class DemoCommand implements Callable<Integer> {

    /**
     * What the demo runs on one bundled model.
     *
     * @param model     the bundled model
     * @param images    the bundled images it runs on
     * @param layer     the default hook point
     * @param batch     images per forward pass
     * @param concepts  the default number of concepts
     * @param k         the default active concepts per token
     * @param epochs    the default training epochs
     * @param occlusion window (and twice the stride) of the occlusion drawn on each concept's best image
     * @param title     the atlas title, before the layer and learner
     * @param classPages whether the demo ranks concepts per class (concept importance) and draws class pages
     *                  (its images carry labels), or empty for none
     * @param maco      the MACO settings of {@code --visualize}, or {@code null} where the demo does not offer it
     */
    record Setup(String model, Supplier<Path> images, String layer, int batch, int concepts, int k, int epochs,
                 int occlusion, String title, boolean classPages, Map<String, Object> maco) {
    }

    /** Images explained per class by the demo's concept importance: enough for a ranking, few for speed. */
    static final int IMPORTANCE_IMAGES_PER_CLASS = 6;

    /**
     * MACO settings of {@code facet demo --visualize} on the tiny ViT: fewer steps and crops than the
     * published 256 and 32; measured 2.8 CPU-seconds per concept (docs/usage.md#feature-visualization-in-the-demo).
     */
    static final Map<String, Object> TINY_VIT_MACO = Map.of("steps", 48, "crops", 8, "batch_size", 8);

    /**
     * Concepts drawn (the most energetic ones) by {@code facet demo --visualize}, each with its feature
     * visualization: about 90 CPU-seconds of MACO instead of over 300 for every concept that fires.
     */
    static final int VISUALIZED_CONCEPTS = 32;

    /** The demos, by model name. */
    static final Map<String, Setup> SETUPS = Map.of(
            "tiny-vit-fmnist", new Setup("tiny-vit-fmnist", BundledModels::fashionMnistImages, "3", 100, 128, 4, 4, 8,
                    "Facet demo: tiny ViT on Fashion-MNIST", true, TINY_VIT_MACO),
            "mobilenet-v2", new Setup("mobilenet-v2", BundledModels::photos, "block_13_expand_relu", 16, 128, 4, 40, 56,
                    "Facet demo: MobileNetV2 on photos", false, null));

    /** Learners that take {@code k}. */
    private static final List<String> K_LEARNERS = List.of("topk", "batchtopk", "matryoshka", "mp", "omp");

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", defaultValue = "target/facet-demo", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}); an existing one resumes.")
    private Path out;

    @Option(names = "--model", defaultValue = "tiny-vit-fmnist", paramLabel = "MODEL",
            description = "Bundled model: tiny-vit-fmnist (on 2,000 Fashion-MNIST images) or mobilenet-v2 (on the 35 "
                    + "bundled photos) (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--layer", description = "Hook point to read: a block of the tiny ViT or a tensor of MobileNetV2 "
            + "(default: 3 for tiny-vit-fmnist, block_13_expand_relu for mobilenet-v2).")
    private String layer;

    @Option(names = "--learner", defaultValue = "topk", description = "Learner id (default: ${DEFAULT-VALUE}).")
    private String learner;

    @Option(names = "--concepts", description = "Concepts (default: 128).")
    private Integer concepts;

    @Option(names = "--k", description = "Active concepts per token (default: 4).")
    private Integer k;

    @Option(names = "--epochs", description = "Training epochs (default: 4 for tiny-vit-fmnist, 40 for mobilenet-v2, "
            + "whose 35 photos give fewer rows).")
    private Integer epochs;

    @Option(names = "--images", description = "Bundled images to use, at most as many as are bundled (default: all: "
            + "2000 Fashion-MNIST images, or 35 photos).")
    private Integer images;

    @Option(names = "--stability", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Train a second dictionary with another seed to measure each concept's stability (default: ${DEFAULT-VALUE}).")
    private boolean stability;

    @Option(names = "--importance", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Rank the concepts that drive each class (concept importance, " + IMPORTANCE_IMAGES_PER_CLASS
                    + " images per class) and give each class a page in the atlas; tiny-vit-fmnist only, whose images "
                    + "have labels (default: ${DEFAULT-VALUE}).")
    private boolean importance;

    @Option(names = "--visualize", description = "Draw the " + VISUALIZED_CONCEPTS + " most energetic concepts, each "
            + "with its MACO feature visualization (Fel et al. 2023) beside its top images: tiny-vit-fmnist only, run on "
            + "its TorchScript copy, which has input gradients (about 90 more CPU-seconds).")
    private boolean visualize;

    @Option(names = "--seed", defaultValue = "0", description = "Root seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        Map<String, Object> config = config();
        PipelineConfig pipeline = PipelineConfig.of("facet demo", config, null);
        try (OutputLock lock = PipelineRunner.lockOutput(out, "facet demo --out")) {
            AtomicFiles.write(out.resolve("demo-config.json").toAbsolutePath(),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        } catch (java.io.IOException e) {
            throw new FacetException("Cannot write " + out.resolve("demo-config.json") + ": " + e, e);
        }
        PipelineConsole.run(pipeline, List.of(), spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    /**
     * The demo's pipeline config.
     *
     * @throws ConfigException if {@code --images} asks for more images than are bundled
     */
    Map<String, Object> config() {
        Setup setup = SETUPS.get(model);
        if (setup == null) {
            throw new UnknownComponentException("demo model (facet demo --model)", model, new TreeSet<>(SETUPS.keySet()));
        }
        Path imagePath = setup.images().get();
        int bundled = ImageSources.open(imagePath).size();
        int count = images == null ? bundled : images;
        if (count < 1 || count > bundled) {
            throw ConfigException.outOfRange("facet demo --images", count,
                    "[1, " + bundled + "]: the bundled data holds " + bundled + " images");
        }
        if (visualize && setup.maco() == null) {
            throw new ConfigException("facet demo --visualize: offered on tiny-vit-fmnist only; MACO on "
                    + setup.model() + " takes minutes per concept on a CPU (try facet visualize on a few concepts)");
        }
        String hook = layer == null ? setup.layer() : layer;
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", PipelineConfig.TYPE);
        root.put("version", PipelineConfig.VERSION);
        root.put("seed", seed);
        root.put("output", out.toAbsolutePath().toString());
        // TorchScript differentiates its input, which MACO needs; ONNX Runtime does not.
        root.put("backbone", Map.of("id", visualize ? "torchscript" : "onnx", "model", setup.model(), "layer", hook,
                "tokens", "patch"));
        root.put("images", Map.of("path", imagePath.toString(), "limit", count, "batch", setup.batch()));
        Map<String, Object> learnerSection = new LinkedHashMap<>();
        learnerSection.put("id", learner);
        learnerSection.put("concepts", concepts == null ? setup.concepts() : concepts);
        if (K_LEARNERS.contains(learner)) {
            learnerSection.put("k", k == null ? setup.k() : k);
        }
        learnerSection.put("epochs", epochs == null ? setup.epochs() : epochs);
        root.put("learner", learnerSection);
        root.put("evaluate", Map.of("stability", stability));
        if (importance && setup.classPages()) {
            root.put("importance", Map.of("classes", List.of("all"), "images_per_class", IMPORTANCE_IMAGES_PER_CLASS));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("title", setup.title() + ", layer " + hook + ", " + learner);
        report.put("attribution", Map.of("id", "occlusion", "window", setup.occlusion(), "stride", setup.occlusion() / 2));
        if (visualize) {
            report.put("max_concepts", VISUALIZED_CONCEPTS);
            Map<String, Object> maco = new LinkedHashMap<>();
            maco.put("id", "maco");
            maco.putAll(setup.maco());
            report.put("visualizers", List.of(maco));
        }
        root.put("report", report);
        return root;
    }
}
