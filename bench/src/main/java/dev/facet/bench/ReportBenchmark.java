package dev.facet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.PipelineResult;
import dev.facet.pipeline.PipelineRunner;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cost of the whole pipeline and of the concept atlas: runs {@code facet run}'s stages on the
 * bundled tiny ViT (layer 3, patch tokens) and bundled images with a TopK dictionary of the given
 * size, and reports each stage's seconds, the report's pass over the images (images/s), the
 * drawing of the pictures (drawn concepts/s) and the atlas's size on disk.
 */
public final class ReportBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int images;
    private final int concepts;
    private final int k;
    private final int epochs;
    private final int imageSize;

    public ReportBenchmark(int images, int concepts, int k, int epochs, int imageSize) {
        this.images = images;
        this.concepts = concepts;
        this.k = k;
        this.epochs = epochs;
        this.imageSize = imageSize;
    }

    public BenchmarkReport run() {
        try (ScratchDirectory scratch = ScratchDirectory.create("facet-report-bench")) {
            Path output = scratch.path();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("output", output.toString());
            config.put("backbone", Map.of("model", BundledModels.NAMES.get(0), "layer", "3"));
            config.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", images, "batch", 100));
            config.put("learner", Map.of("id", "topk", "concepts", concepts, "k", k, "epochs", epochs));
            config.put("report", Map.of("image_size", imageSize));
            PipelineResult result;
            long started = System.nanoTime();
            try (LoadedPlugins plugins = PluginHost.builder().build().start()) {
                result = PipelineRunner.builder().setConfig(PipelineConfig.of("report benchmark", config, null))
                        .setRegistry(plugins.registry()).build().run();
            }
            double total = (System.nanoTime() - started) / 1e9;
            JsonNode provenance = JSON.readTree(output.resolve("provenance.json").toFile());
            JsonNode report = provenance.path("metrics").path("report");
            BenchmarkReport out = new BenchmarkReport("report").parameter("images", images).parameter("concepts", concepts)
                    .parameter("k", k).parameter("epochs", epochs).parameter("imageSize", imageSize);
            provenance.path("metrics").path("stage_seconds").fields().forEachRemaining(
                    stage -> out.result(stage.getKey() + "Seconds", stage.getValue().asDouble()));
            double scan = report.path("scan_seconds").asDouble();
            double draw = report.path("draw_seconds").asDouble();
            int drawn = report.path("drawn").asInt();
            return out.result("totalSeconds", total)
                    .result("mapImagesPerSecond", report.path("images").asDouble() / scan)
                    .result("drawnConcepts", drawn)
                    .result("drawnConceptsPerSecond", drawn / draw)
                    .result("atlasBytes", bytes(result.atlas()));
        } catch (IOException e) {
            throw new FacetException("Cannot read the benchmark's provenance: " + e, e);
        }
    }

    private static long bytes(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
