package dev.facet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageSources;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.PipelineRunner;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.io.AtomicFiles;
import dev.facet.spi.io.OutputLock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facet demo}: the whole pipeline on the bundled tiny ViT and the bundled Fashion-MNIST
 * images, with settings that finish in about a minute on two cores, ending with the path of the
 * concept atlas. The config it runs is written to {@code OUT/demo-config.json} for {@code facet run}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline on the bundled tiny ViT and images and prints where the atlas is.")
final class DemoCommand implements Callable<Integer> {

    /** Learners that take {@code k}, and the sparse autoencoders (which log training steps). */
    private static final List<String> K_LEARNERS = List.of("topk", "batchtopk", "matryoshka", "mp", "omp");
    private static final List<String> SAE_LEARNERS = List.of("topk", "batchtopk", "matryoshka", "mp", "omp", "relu",
            "jumprelu");

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", defaultValue = "target/facet-demo", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}); an existing one resumes.")
    private Path out;

    @Option(names = "--layer", defaultValue = "3", description = "Block of the tiny ViT to read (default: ${DEFAULT-VALUE}).")
    private String layer;

    @Option(names = "--learner", defaultValue = "topk", description = "Learner id (default: ${DEFAULT-VALUE}).")
    private String learner;

    @Option(names = "--concepts", defaultValue = "128", description = "Concepts (default: ${DEFAULT-VALUE}).")
    private int concepts;

    @Option(names = "--k", defaultValue = "4", description = "Active concepts per token (default: ${DEFAULT-VALUE}).")
    private int k;

    @Option(names = "--epochs", defaultValue = "4", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--images", defaultValue = "2000", description = "Bundled images to use, at most 2000 (default: ${DEFAULT-VALUE}).")
    private int images;

    @Option(names = "--stability", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Train a second dictionary with another seed to measure each concept's stability (default: ${DEFAULT-VALUE}).")
    private boolean stability;

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
        int bundled = ImageSources.open(BundledModels.fashionMnistImages()).size();
        if (images < 1 || images > bundled) {
            throw ConfigException.outOfRange("facet demo --images", images,
                    "[1, " + bundled + "]: the bundled data holds " + bundled + " images");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", PipelineConfig.TYPE);
        root.put("version", PipelineConfig.VERSION);
        root.put("seed", seed);
        root.put("output", out.toAbsolutePath().toString());
        root.put("backbone", Map.of("id", "onnx", "model", BundledModels.NAMES.get(0), "layer", layer, "tokens", "patch"));
        root.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", images, "batch", 100));
        Map<String, Object> learnerSection = new LinkedHashMap<>();
        learnerSection.put("id", learner);
        learnerSection.put("concepts", concepts);
        if (K_LEARNERS.contains(learner)) {
            learnerSection.put("k", k);
        }
        learnerSection.put("epochs", epochs);
        if (SAE_LEARNERS.contains(learner)) {
            learnerSection.put("log_every", 10);
        }
        root.put("learner", learnerSection);
        root.put("evaluate", Map.of("stability", stability));
        root.put("report", Map.of("title", "Facet demo: tiny ViT on Fashion-MNIST, layer " + layer + ", " + learner,
                "attribution", Map.of("id", "occlusion", "window", 8, "stride", 4)));
        return root;
    }
}
