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
import dev.facet.spi.Device;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Throughput of the whole extraction pipeline (decode, preprocess, forward, token selection,
 * shard writing) against the bare backbone forward on the same batches, already decoded, and
 * against decoding and preprocessing alone, in images per second, for any model and image folder.
 * The variants are measured alternately so that drifting machine speed affects them alike. The
 * pipeline overlaps decoding and shard writing with inference, so it should stay close to the bare
 * forward as long as decoding alone is faster than the forward.
 */
public final class ExtractionBenchmark {

    /**
     * What to measure.
     *
     * @param engine          backbone factory (onnx or torchscript)
     * @param model           bundled model name or model file
     * @param backboneOptions the backbone's settings (descriptor, preprocessing, ...), by name
     * @param images          an image folder, IDX file or list file; null for the bundled Fashion-MNIST images
     * @param hook            hook point to extract
     * @param batchSize       images per forward
     * @param limit           images to extract, 0 for all
     * @param threads         decoding threads, 0 for one per core
     * @param repeats         measured passes of each variant; the median counts
     */
    public record Options(BackboneFactory engine, String model, Map<String, Object> backboneOptions, Path images,
                          String hook, int batchSize, int limit, int threads, int repeats) {
        public Options {
            backboneOptions = Map.copyOf(backboneOptions);
        }
    }

    private final Options options;

    public ExtractionBenchmark(Options options) {
        this.options = options;
    }

    public BenchmarkReport run() {
        ImageSource source = ImageSources.open(options.images() != null ? options.images()
                : BundledModels.fashionMnistImages());
        int images = options.limit() > 0 ? Math.min(options.limit(), source.size()) : source.size();
        BenchmarkReport report = new BenchmarkReport("extraction")
                .parameter("engine", options.engine().id()).parameter("model", options.model())
                .parameter("backboneOptions", new TreeMap<>(options.backboneOptions()))
                .parameter("images", options.images() == null ? "bundled fashion-mnist" : options.images().toString())
                .parameter("hook", options.hook()).parameter("batchSize", options.batchSize())
                .parameter("imageCount", images).parameter("threads", options.threads());
        BackboneConfig config = new BackboneConfig(options.model(), Device.CPU,
                ConfigValues.of("bench extraction --set", options.backboneOptions()));
        try (Backbone backbone = options.engine().open(config)) {
            List<ImageBatch> batches = decodeAll(source, backbone, images);
            Runnable bareForward = () -> batches.forEach(batch -> backbone.forward(batch.pixels(), List.of(options.hook())));
            Runnable decodeOnly = () -> decodeAll(source, backbone, images);
            Runnable fullPipeline = () -> extractOnce(backbone, source, images);
            bareForward.run();
            fullPipeline.run();
            int repeats = options.repeats();
            double[] bareSeconds = new double[repeats];
            double[] decodeSeconds = new double[repeats];
            double[] fullSeconds = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                bareSeconds[r] = Timings.measure(0, 1, bareForward).median();
                decodeSeconds[r] = Timings.measure(0, 1, decodeOnly).median();
                fullSeconds[r] = Timings.measure(0, 1, fullPipeline).median();
            }
            Timings bare = new Timings(bareSeconds);
            Timings decode = new Timings(decodeSeconds);
            Timings full = new Timings(fullSeconds);
            double bareRate = images / bare.median();
            double fullRate = images / full.median();
            report.timings("bareForward", bare).timings("decodeOnly", decode).timings("fullPipeline", full)
                    .result("bareImagesPerSecond", bareRate)
                    .result("decodeImagesPerSecond", images / decode.median())
                    .result("pipelineImagesPerSecond", fullRate)
                    .result("pipelineOverBare", fullRate / bareRate);
        }
        return report;
    }

    private List<ImageBatch> decodeAll(ImageSource source, Backbone backbone, int images) {
        List<ImageBatch> batches = new ArrayList<>();
        try (ImageBatchLoader loader = ImageBatchLoader.open(source, new ImagePreprocessor(backbone.info().input()),
                loaderOptions())) {
            int loaded = 0;
            while (loader.hasNext() && loaded < images) {
                ImageBatch batch = loader.next();
                batches.add(batch);
                loaded += batch.size();
            }
        }
        return batches;
    }

    private LoaderOptions loaderOptions() {
        LoaderOptions defaults = LoaderOptions.withBatchSize(options.batchSize());
        return options.threads() > 0 ? defaults.withThreads(options.threads()) : defaults;
    }

    private void extractOnce(Backbone backbone, ImageSource source, int images) {
        try (ScratchDirectory scratch = ScratchDirectory.create("facet-bench-store")) {
            Path store = scratch.path();
            ExtractionResult result = Extraction.run(backbone, source, new ExtractionRequest(options.hook(),
                    TokenSelection.PATCH, store, StoreDtype.FLOAT32, options.batchSize(), 65536, options.threads(), images),
                    RunContext.builder().setOutputDirectory(store).build());
            if (result.imagesThisRun() != images) {
                throw new FacetException("Benchmark extraction stored " + result.imagesThisRun() + " of " + images + " images");
            }
        }
    }
}
