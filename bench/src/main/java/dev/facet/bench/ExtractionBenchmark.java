package dev.facet.bench;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImageBatch;
import dev.facet.extractors.images.ImageBatchLoader;
import dev.facet.extractors.images.ImagePreprocessor;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.images.LoaderOptions;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.pipeline.ExtractionRequest;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.spi.FacetException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.backbone.BackboneConfig;
import dev.facet.spi.run.RunContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of the whole extraction pipeline (decode, preprocess, forward, token selection,
 * shard writing) against the bare backbone forward on the same batches, already decoded, in
 * images per second, measured alternately so that drifting machine speed affects both alike. The
 * pipeline overlaps decoding and shard writing with inference, so it should stay close to the
 * bare forward.
 */
public final class ExtractionBenchmark {
    private final BackboneFactory engine;
    private final String model;
    private final String hook;
    private final int batchSize;
    private final int limit;
    private final int repeats;

    /**
     * @param engine    backbone factory (onnx or torchscript)
     * @param model     model name or file
     * @param hook      hook point to extract
     * @param batchSize images per forward
     * @param limit     images to extract (0 = all bundled ones)
     * @param repeats   measured passes of each variant; the median counts
     */
    public ExtractionBenchmark(BackboneFactory engine, String model, String hook, int batchSize, int limit, int repeats) {
        this.engine = engine;
        this.model = model;
        this.hook = hook;
        this.batchSize = batchSize;
        this.limit = limit;
        this.repeats = repeats;
    }

    public BenchmarkReport run() {
        ImageSource source = ImageSources.open(BundledModels.fashionMnistImages());
        int images = limit > 0 ? Math.min(limit, source.size()) : source.size();
        BenchmarkReport report = new BenchmarkReport("extraction")
                .parameter("engine", engine.id()).parameter("model", model).parameter("hook", hook)
                .parameter("batchSize", batchSize).parameter("images", images);
        try (Backbone backbone = engine.open(BackboneConfig.of(model))) {
            List<ImageBatch> batches = decodeAll(source, backbone, images);
            Runnable bareForward = () -> batches.forEach(batch -> backbone.forward(batch.pixels(), List.of(hook)));
            Runnable fullPipeline = () -> extractOnce(backbone, source, images);
            // Alternate the two so drifting machine speed affects both alike.
            double[] bareSeconds = new double[repeats];
            double[] fullSeconds = new double[repeats];
            bareForward.run();
            fullPipeline.run();
            for (int r = 0; r < repeats; r++) {
                bareSeconds[r] = Timings.measure(0, 1, bareForward).median();
                fullSeconds[r] = Timings.measure(0, 1, fullPipeline).median();
            }
            Timings bare = new Timings(bareSeconds);
            Timings full = new Timings(fullSeconds);
            double bareRate = images / bare.median();
            double fullRate = images / full.median();
            report.timings("bareForward", bare).timings("fullPipeline", full)
                    .result("bareImagesPerSecond", bareRate)
                    .result("pipelineImagesPerSecond", fullRate)
                    .result("pipelineOverBare", fullRate / bareRate);
        }
        return report;
    }

    private List<ImageBatch> decodeAll(ImageSource source, Backbone backbone, int images) {
        List<ImageBatch> batches = new ArrayList<>();
        try (ImageBatchLoader loader = ImageBatchLoader.open(source, new ImagePreprocessor(backbone.info().input()),
                LoaderOptions.withBatchSize(batchSize))) {
            int loaded = 0;
            while (loader.hasNext() && loaded < images) {
                ImageBatch batch = loader.next();
                batches.add(batch);
                loaded += batch.size();
            }
        }
        return batches;
    }

    private void extractOnce(Backbone backbone, ImageSource source, int images) {
        Path store = null;
        try {
            store = Files.createTempDirectory("facet-bench-store");
            ExtractionResult result = Extraction.run(backbone, source, new ExtractionRequest(hook, TokenSelection.PATCH,
                    store, StoreDtype.FLOAT32, batchSize, 65536, 0, images),
                    RunContext.builder().setOutputDirectory(store).build());
            if (result.imagesThisRun() != images) {
                throw new FacetException("Benchmark extraction stored " + result.imagesThisRun() + " of " + images + " images");
            }
        } catch (IOException e) {
            throw new FacetException("Cannot create a temporary store: " + e.getMessage(), e);
        } finally {
            delete(store);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new FacetException("Cannot delete " + directory + ": " + e.getMessage(), e);
        }
    }
}
