package dev.facet.bench;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spark.SparkContexts;
import dev.facet.spi.ConfigException;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.FacetException;
import dev.facet.spi.run.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;

/**
 * Extraction on Apache Spark against extraction on this machine: the same images, model and layer
 * extracted by the single-machine stage, then by the Spark job under each local master (by default
 * {@code local[1]} and {@code local[2]}), each run into a fresh store. Reports images/s of each, the
 * speedup of the last master over the first, the scaling efficiency (speedup per added task slot) and
 * each master's images/s over the single machine's. Each variant first extracts a few images unmeasured
 * (class loading, the backbone's first runs, Spark's first job); Spark's context start is timed apart.
 */
public final class SparkExtractionBenchmark {

    /**
     * What to measure.
     *
     * @param engine     backbone id ({@code onnx} or {@code torchscript})
     * @param model      bundled model name or model file
     * @param images     image folder, IDX file or list file; null for the bundled Fashion-MNIST images
     * @param limit      images to extract (the first ones)
     * @param layer      block number or hook point
     * @param batch      images per forward
     * @param threads    decoding threads of the single-machine extraction, 0 for one per core
     * @param shardRows  target rows per shard; the job's partitions are whole shards, so the shards bound them
     * @param partitions Spark partitions, 0 for the job's default (4 per core)
     * @param masters    local masters to compare, e.g. {@code local[1]}, {@code local[2]}
     * @param warmup     images of the unmeasured warm-up run of each variant (fresh store), 0 for none
     * @param repeats    measured runs of each variant (fresh store each); the median counts
     */
    public record Options(String engine, String model, Path images, int limit, String layer, int batch, int threads,
                          int shardRows, int partitions, List<String> masters, int warmup, int repeats) {
        public Options {
            masters = List.copyOf(masters);
            if (masters.isEmpty() || masters.stream().anyMatch(m -> !m.matches("local\\[\\d+]"))) {
                throw new ConfigException("--masters must list local masters such as local[1],local[2], found " + masters);
            }
            if (limit < 1 || repeats < 1 || warmup < 0) {
                throw ConfigException.outOfRange("--images/--repeats/--warmup", limit + "/" + repeats + "/" + warmup,
                        ">= 1, >= 1, >= 0");
            }
        }
    }

    private final Options options;

    public SparkExtractionBenchmark(Options options) {
        this.options = options;
    }

    public BenchmarkReport run() {
        Sections config = sections(options.limit());
        Sections warmup = sections(Math.max(1, Math.min(options.warmup(), options.limit())));
        BenchmarkReport report = new BenchmarkReport("spark-extraction").parameter("engine", options.engine())
                .parameter("model", options.model())
                .parameter("images", options.images() == null ? "bundled fashion-mnist" : options.images().toString())
                .parameter("imageCount", options.limit()).parameter("hook", config.backbone().hookPoint())
                .parameter("batch", options.batch()).parameter("threads", options.threads())
                .parameter("shardRows", options.shardRows())
                .parameter("partitionsOption", options.partitions()).parameter("warmupImages", options.warmup())
                .parameter("repeats", options.repeats());
        report.parameter("spark", sparkVersion());
        try (ScratchDirectory scratch = ScratchDirectory.create("facet-spark-bench");
             LoadedPlugins plugins = PluginHost.builder().build().start()) {
            Path root = scratch.path();
            Stages stages = new Stages(plugins.registry(), ProgressListener.silent(), message -> { });
            Variants variants = new Variants(root, warmup, config);
            Run single = variants.measure("single", (c, store) -> stages.extract(c.backbone(), c.images(), c.extract(),
                    store));
            report.result("singleMachine", single.json());
            Map<String, Object> spark = new LinkedHashMap<>();
            List<Run> runs = new ArrayList<>();
            for (String master : options.masters()) {
                PipelineConfig.Spark settings = new PipelineConfig.Spark(master, options.partitions());
                Stages onSpark = stages.distributed(settings, List.of(), "bench spark-extraction");
                long started = System.nanoTime();
                try (SparkContexts.Handle handle = SparkContexts.open(settings, "facet bench spark-extraction")) {
                    double contextSeconds = (System.nanoTime() - started) / 1e9;
                    Run run = variants.measure(master.replaceAll("\\W+", "-"), (c, store) -> onSpark.extract(c.backbone(),
                            c.images(), c.extract(), store.toString()));
                    requireSameStore(single, run, master);
                    Map<String, Object> json = run.json();
                    json.put("partitions", handle.partitions(options.limit()));
                    json.put("taskSlots", slots(master));
                    json.put("contextStartSeconds", contextSeconds);
                    json.put("overSingleMachine", run.imagesPerSecond() / single.imagesPerSecond());
                    spark.put(master, json);
                    runs.add(run);
                }
            }
            report.result("spark", spark);
            if (runs.size() > 1) {
                double speedup = runs.get(runs.size() - 1).imagesPerSecond() / runs.get(0).imagesPerSecond();
                int slotsFirst = slots(options.masters().get(0));
                int slotsLast = slots(options.masters().get(runs.size() - 1));
                report.result("speedup", speedup);
                report.result("scalingEfficiency", speedup / ((double) slotsLast / slotsFirst));
            }
            return report;
        }
    }

    /** The sections of the extraction of the first {@code limit} images. */
    private Sections sections(int limit) {
        String source = "bench spark-extraction";
        return new Sections(PipelineConfig.Backbone.of(ConfigValues.of(source, Map.of("id", options.engine(), "model",
                        options.model(), "layer", options.layer()))),
                PipelineConfig.Images.of(ConfigValues.of(source, Map.of("path", (options.images() != null
                        ? options.images() : BundledModels.fashionMnistImages()).toString(), "limit", limit, "batch",
                        options.batch(), "threads", options.threads())), null),
                PipelineConfig.Extract.of(ConfigValues.of(source, Map.of("shard_rows", options.shardRows()))));
    }

    /** The config sections an extraction reads. */
    private record Sections(PipelineConfig.Backbone backbone, PipelineConfig.Images images,
                            PipelineConfig.Extract extract) {
    }

    /** Where and on what each variant runs: the warm-up and the measured configs, a fresh store under root each. */
    private final class Variants {
        private final Path root;
        private final Sections warmup;
        private final Sections measured;

        Variants(Path root, Sections warmup, Sections measured) {
            this.root = root;
            this.warmup = warmup;
            this.measured = measured;
        }

        /** Runs the warm-up once unmeasured (unless there is none), then the measured extraction {@code repeats} times. */
        Run measure(String name, BiFunction<Sections, Path, ExtractionResult> extract) {
            if (options.warmup() > 0) {
                extract.apply(warmup, root.resolve(name + "-warmup"));
            }
            List<ExtractionResult> results = new ArrayList<>();
            Timings timings = Timings.measure(0, options.repeats(),
                    () -> results.add(extract.apply(measured, root.resolve(name + "-" + results.size()))));
            ExtractionResult last = results.get(results.size() - 1);
            if (last.imagesThisRun() != options.limit()) {
                throw new FacetException(name + " extracted " + last.imagesThisRun() + " images, expected "
                        + options.limit());
            }
            return new Run(timings, last.imagesStored(), last.rows());
        }
    }

    private static void requireSameStore(Run single, Run spark, String master) {
        if (single.images() != spark.images() || single.rows() != spark.rows()) {
            throw new FacetException("bench spark-extraction: " + master + " stored " + spark.images() + " images and "
                    + spark.rows() + " rows, the single machine " + single.images() + " and " + single.rows());
        }
    }

    /** The version of Spark on the class path, from the build information Spark's jars carry. */
    private static String sparkVersion() {
        Properties info = new Properties();
        try (InputStream in = SparkExtractionBenchmark.class.getClassLoader()
                .getResourceAsStream("spark-version-info.properties")) {
            if (in != null) {
                info.load(in);
            }
        } catch (IOException e) {
            throw new FacetException("Cannot read Spark's spark-version-info.properties: " + e.getMessage(), e);
        }
        return info.getProperty("version", "unknown");
    }

    private static int slots(String master) {
        return Integer.parseInt(master.substring("local[".length(), master.length() - 1));
    }

    /** The measured runs of one variant and the store the last one wrote. */
    private record Run(Timings timings, long images, long rows) {
        double imagesPerSecond() {
            return images / timings.median();
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("medianSeconds", timings.median());
            json.put("minSeconds", timings.min());
            json.put("runs", timings.seconds().length);
            json.put("imagesPerSecond", imagesPerSecond());
            json.put("rows", rows);
            return json;
        }
    }
}
