package dev.facet.bench;

import dev.facet.extractors.BundledModels;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.PipelineRunner;
import dev.facet.pipeline.Stages;
import dev.facet.plugins.FacetRegistry;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The dictionary {@code facet demo} learns on the bundled tiny ViT, made by the same pipeline stages
 * with the same settings: ONNX {@code tiny-vit-fmnist}, hook {@code layer.3}, patch tokens, the 2,000
 * bundled Fashion-MNIST images in batches of 100, a TopK SAE of 128 concepts with k = 4 trained 4 epochs
 * with seed 0 on the images the default hold-out leaves.
 */
public final class DemoDictionary {
    /** The demo's model, its hook point and the seed of its pipeline. */
    public static final String MODEL = BundledModels.NAMES.get(0);
    public static final String HOOK = "layer.3";
    public static final long SEED = 0;

    private DemoDictionary() {
    }

    /** The demo's pipeline config writing under {@code output}, without its evaluation and report settings. */
    public static PipelineConfig config(Path output) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", SEED);
        root.put("output", output.toAbsolutePath().toString());
        root.put("backbone", Map.of("id", "onnx", "model", MODEL, "layer", "3", "tokens", "patch"));
        root.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", 2000, "batch", 100));
        root.put("learner", Map.of("id", "topk", "concepts", 128, "k", 4, "epochs", 4));
        return PipelineConfig.of("the demo dictionary", root, null);
    }

    /**
     * The demo's dictionary under {@code output}: loaded when an earlier call saved it there, else
     * extracted and trained. The caller closes it.
     */
    public static Dictionary trainOrLoad(FacetRegistry registry, Path output, Consumer<String> messages) {
        PipelineConfig config = config(output);
        Stages stages = new Stages(registry, ProgressListener.silent(), messages);
        Path directory = PipelineRunner.dictionary(output);
        if (Files.exists(directory.resolve("config.json"))) {
            return stages.load(config.learner().id(), directory);
        }
        Path store = PipelineRunner.store(output);
        stages.extract(config.backbone(), config.images(), config.extract(), store);
        return stages.train(config.learner(), store, directory, config.seed(), config.evaluate().holdout());
    }
}
