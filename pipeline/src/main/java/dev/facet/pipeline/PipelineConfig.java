package dev.facet.pipeline;

import dev.facet.extractors.InputOptions;
import dev.facet.extractors.TokenSelection;
import dev.facet.dictionaries.metrics.DictionaryPass;
import dev.facet.extractors.images.ImageLimits;
import dev.facet.extractors.store.HeldOutSplit;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.json.StrictJson;
import dev.facet.pipeline.explain.ExplainSettings;
import dev.facet.pipeline.importance.ImportanceRequest;
import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.io.OutputDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One pipeline run, read from a JSON file ({@code facet run config.json}): which backbone and layer,
 * which images, which learner with which hyperparameters, how to evaluate and what the report
 * shows. Relative paths are resolved against the config file's directory. The file is read strictly
 * ({@link StrictJson}: a key given twice or content after the document is an error). Unknown keys
 * are an error in every section, each naming the section; the learner's own keys are checked by its
 * factory.
 *
 * <pre>{@code
 * {"type": "pipeline", "version": 1, "seed": 0, "output": "run",
 *  "backbone": {"id": "onnx", "model": "tiny-vit-fmnist", "layer": "3", "tokens": "patch"},
 *  "images": {"path": "images/", "limit": 0, "batch": 64},
 *  "extract": {"dtype": "float32", "shard_rows": 65536, "keep_padding": false},
 *  "learner": {"id": "topk", "concepts": 128, "k": 8, "epochs": 4},
 *  "evaluate": {"stability": true},
 *  "importance": {"classes": ["all"], "images_per_class": 4},
 *  "report": {"top_images": 8, "score": "mean", "colormap": "viridis"},
 *  "explain": {"method": "occlusion", "images": "top", "concepts": 8},
 *  "spark": {"master": "local[2]", "partitions": 0}}
 * }</pre>
 *
 * @param seed     root seed of the run
 * @param output   output directory (store, dictionary, metrics, atlas, provenance)
 * @param backbone the backbone section
 * @param images   the image section
 * @param extract  the extraction section
 * @param learner  the learner section
 * @param evaluate   the evaluation section
 * @param importance the concept importance section (docs/algorithms.md#concept-importance), or {@code null}
 *                   when the config has none: the importance stage is skipped
 * @param report     the report section
 * @param explain    the explain section ({@link ExplainSettings}), or {@code null} when the run explains nothing
 * @param spark      the spark section ({@link Spark}): extraction, evaluation and the report's concept scan run as
 *                   Spark jobs; {@code null} when the config has none and they run on this machine
 * @param document   the whole config as read, recorded in provenance
 */
public record PipelineConfig(long seed, Path output, Backbone backbone, Images images, Extract extract,
                             Learner learner, Evaluate evaluate, ImportanceRequest importance, ReportSettings report,
                             ExplainSettings explain, Spark spark,
                             Map<String, Object> document) {

    /** The only {@code type} a pipeline config may have. */
    public static final String TYPE = "pipeline";
    /** The schema version this Facet reads. */
    public static final int VERSION = 1;

    private static final Set<String> KEYS = Set.of("type", "version", "seed", "output", "backbone", "images", "extract",
            "learner", "evaluate", "importance", "report", "explain", "spark");

    public PipelineConfig {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(extract, "extract");
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(evaluate, "evaluate");
        Objects.requireNonNull(report, "report");
        // in the file's order, so the provenance that records it is the same in every run
        document = document == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(document));
    }

    /** Reads and validates a config file; relative paths resolve against its directory. */
    public static PipelineConfig read(Path file) {
        Map<String, Object> document = StrictJson.readConfig(file, "Pipeline config");
        Path base = file.toAbsolutePath().getParent();
        return of(file.toString(), document, base);
    }

    /**
     * Validates a config given as a map (e.g. parsed JSON).
     *
     * @param source names the config in error messages
     * @param base   directory that relative paths resolve against
     */
    public static PipelineConfig of(String source, Map<String, ?> document, Path base) {
        ConfigValues root = ConfigValues.of(source, document).rejectUnknown(KEYS);
        String type = root.optString("type", TYPE);
        if (!TYPE.equals(type)) {
            throw new ConfigException(source + ": invalid type '" + type + "'; expected '" + TYPE + "'");
        }
        int version = root.optInt("version", VERSION, 0, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw new ConfigException(source + ": schema version " + version + " is not supported; this Facet reads version "
                    + VERSION);
        }
        long seed = root.optLong("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        Path output = resolve(base, OutputDirectory.requireNonEmpty(root.requireString("output"), source + ": \"output\""));
        Map<String, Object> copy = new LinkedHashMap<>();
        document.forEach(copy::put);
        return new PipelineConfig(seed, output, Backbone.of(root.optSection("backbone")).resolvedAgainst(base),
                Images.of(root.optSection("images"), base), Extract.of(root.optSection("extract")),
                Learner.of(root.optSection("learner")), Evaluate.of(root.optSection("evaluate")),
                root.has("importance") ? ImportanceRequest.of(root.optSection("importance")) : null,
                ReportSettings.of(root.optSection("report")),
                root.has("explain") ? ExplainSettings.of(root.optSection("explain"), base) : null,
                root.has("spark") ? Spark.of(root.optSection("spark")) : null, copy);
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() || base == null ? p : base.resolve(p)).normalize();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The backbone and where to read it.
     *
     * @param id            backbone factory id ({@code onnx}, {@code torchscript}, a plugin's)
     * @param model         bundled model name or model file
     * @param descriptor    model descriptor name or file, or {@code null}
     * @param device        where the backbone runs
     * @param layer         block number (hook {@code layer.i}) or a hook/tensor name
     * @param tokens        which tokens become rows
     * @param preprocessing the preprocessing settings given ({@link InputOptions#SETTINGS}: {@code input_size},
     *                      {@code mean}, {@code std}, {@code order}, {@code resize}) as written, handed to the
     *                      backbone's factory; empty when none is given
     * @param layout        the backbone option {@code layout} (for ONNX: how 4-d tensors read by name are
     *                      ordered, {@code auto}, {@code nchw} or {@code nhwc}), or {@code null} for the backbone's default
     */
    public record Backbone(String id, String model, String descriptor, Device device, String layer, TokenSelection tokens,
                           Map<String, Object> preprocessing, String layout) {

        private static final Set<String> KEYS = keys();

        public Backbone {
            preprocessing = preprocessing == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(preprocessing));
        }

        private static Set<String> keys() {
            Set<String> keys = new java.util.LinkedHashSet<>(List.of("id", "model", "descriptor", "device", "layer", "tokens",
                    "layout"));
            keys.addAll(InputOptions.SETTINGS.names());
            return Set.copyOf(keys);
        }

        /** Reads a backbone section; {@code layer} is required. */
        public static Backbone of(ConfigValues v) {
            return parse(v, true);
        }

        /** Reads a backbone section that may leave out the layer, to open a model and list its hook points. */
        public static Backbone withOptionalLayer(ConfigValues v) {
            return parse(v, false);
        }

        private static Backbone parse(ConfigValues v, boolean layerRequired) {
            v.rejectUnknown(KEYS);
            String model = v.requireString("model");
            String layer = layerRequired ? v.requireString("layer") : v.optString("layer", null);
            Map<String, Object> preprocessing = new LinkedHashMap<>();
            InputOptions.SETTINGS.names().stream().filter(v::has).forEach(key -> preprocessing.put(key, v.asMap().get(key)));
            InputOptions.SETTINGS.read(v.source(), preprocessing);
            return new Backbone(v.optString("id", defaultEngine(model)), model, v.optString("descriptor", null),
                    v.optEnum("device", Device.class, Device.CPU), layer,
                    v.optEnum("tokens", TokenSelection.class, TokenSelection.PATCH), preprocessing,
                    v.optString("layout", null));
        }

        /**
         * This section with a relative {@code model} and {@code descriptor} file path resolved against
         * {@code base} (the config file's folder): one that exists there, or one that reads as a file
         * path (it has a folder or a {@code .onnx}, {@code .pt} or {@code .json} ending), so a missing
         * file is named where it was looked for. A bundled model name, a built-in descriptor name, a URL
         * and an absolute path stay as given; nothing changes when {@code base} is null.
         */
        public Backbone resolvedAgainst(Path base) {
            return new Backbone(id, relativeFile(base, model), relativeFile(base, descriptor), device, layer, tokens,
                    preprocessing, layout);
        }

        private static String relativeFile(Path base, String value) {
            if (base == null || value == null || value.contains("://")) {
                return value;
            }
            Path path;
            try {
                path = Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                return value;
            }
            if (path.isAbsolute()) {
                return value;
            }
            Path resolved = base.resolve(path).normalize();
            String lower = value.toLowerCase(Locale.ROOT);
            boolean looksLikeFile = path.getNameCount() > 1 || lower.endsWith(".onnx") || lower.endsWith(".pt")
                    || lower.endsWith(".json");
            return Files.exists(resolved) || looksLikeFile ? resolved.toString() : value;
        }

        /** The backbone id a model runs on by default: TorchScript for {@code .pt} files and URLs, else ONNX. */
        public static String defaultEngine(String model) {
            return model.endsWith(".pt") || model.contains("://") ? "torchscript" : "onnx";
        }

        /** The hook point name: a bare number i names {@code layer.i}. */
        public String hookPoint() {
            if (layer == null) {
                throw new ConfigException("No layer given for model " + model + "; name a block number or a hook point");
            }
            return layer.matches("\\d+") ? "layer." + layer : layer;
        }

        Map<String, Object> fingerprint() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", id);
            map.put("model", model);
            map.put("descriptor", descriptor);
            map.put("layer", hookPoint());
            map.put("tokens", lower(tokens));
            if (layout != null) {
                map.put("layout", layout);
            }
            if (!preprocessing.isEmpty()) {
                map.put("preprocessing", preprocessing);
            }
            return map;
        }
    }

    /**
     * The images.
     *
     * @param path    a folder (recursive), an IDX file or a list file
     * @param limit   only the first {@code limit} images, 0 for all
     * @param batch   images per forward pass
     * @param threads decoding threads, 0 for one per core
     * @param maxPixels images with more pixels (from their header) are skipped undecoded
     */
    public record Images(Path path, int limit, int batch, int threads, long maxPixels) {

        /** Reads an image section; a relative path resolves against {@code base} (the working directory when null). */
        public static Images of(ConfigValues v, Path base) {
            v.rejectUnknown(Set.of("path", "limit", "batch", "threads", "max_pixels"));
            return new Images(resolve(base, v.requireString("path")), v.optInt("limit", 0, 0, Integer.MAX_VALUE),
                    v.optInt("batch", 64, 1, 65536), v.optInt("threads", 0, 0, 1024),
                    v.optLong("max_pixels", ImageLimits.DEFAULT_MAX_PIXELS, 1, Long.MAX_VALUE));
        }

        /**
         * This section, when its path exists: checked before any model is loaded.
         *
         * @throws ConfigException naming {@code what} and the path otherwise
         */
        public Images requireExists(String what) {
            if (!Files.exists(path)) {
                throw new ConfigException(what + ": " + path + " does not exist; expected a folder of images, "
                        + "an IDX file or a list file");
            }
            return this;
        }

        Map<String, Object> fingerprint() {
            return Map.of("path", path.toAbsolutePath().toString(), "limit", limit);
        }
    }

    /**
     * How the activation store is written.
     *
     * @param dtype       element type of the shards
     * @param shardRows   target rows per shard
     * @param keepPadding store the rows of grid positions wholly in an image's padding too (default: left out)
     */
    public record Extract(StoreDtype dtype, int shardRows, boolean keepPadding) {

        /** Reads an extract section. */
        public static Extract of(ConfigValues v) {
            v.rejectUnknown(Set.of("dtype", "shard_rows", "keep_padding"));
            return new Extract(v.optEnum("dtype", StoreDtype.class, StoreDtype.FLOAT32),
                    v.optInt("shard_rows", 65536, 1, Integer.MAX_VALUE), v.optBoolean("keep_padding", false));
        }

        /** The settings the store depends on; {@code keep_padding} only when set, as runs before it had none. */
        Map<String, Object> fingerprint() {
            return keepPadding ? Map.of("dtype", lower(dtype), "shard_rows", shardRows, "keep_padding", true)
                    : Map.of("dtype", lower(dtype), "shard_rows", shardRows);
        }
    }

    /**
     * The learner.
     *
     * @param id              learner id ({@code topk}, {@code nmf}, a plugin's)
     * @param hyperparameters every other key of the section, handed to the learner's factory
     */
    public record Learner(String id, Map<String, Object> hyperparameters) {

        public Learner {
            hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        }

        /** Reads a learner section: {@code id} and the hyperparameters. */
        public static Learner of(ConfigValues v) {
            String id = v.requireString("id");
            Map<String, Object> rest = new LinkedHashMap<>(v.asMap());
            rest.remove("id");
            return new Learner(id, rest);
        }
    }

    /**
     * The evaluation.
     *
     * @param limitRows rows of the store to evaluate, 0 for all (of the training rows and of the held-out
     *                  rows each, when images are held out)
     * @param batch     rows encoded at a time
     * @param stability whether to train a second dictionary with another seed and report each concept's matched cosine
     * @param holdout   the fraction of the store's images held out of training and scored apart
     *                  ({@link HeldOutSplit#FRACTION}, docs/algorithms.md#held-out-images), 0 for none
     */
    public record Evaluate(long limitRows, int batch, boolean stability, double holdout) {

        /** Reads an evaluate section. */
        public static Evaluate of(ConfigValues v) {
            v.rejectUnknown(Set.of("limit_rows", "batch", "stability", HeldOutSplit.FRACTION.name()));
            return new Evaluate(v.optLong("limit_rows", 0, 0, Long.MAX_VALUE),
                    v.optInt("batch", DictionaryPass.DEFAULT_BATCH, 1, 1 << 20), v.optBoolean("stability", false),
                    HeldOutSplit.FRACTION.readFrom(v));
        }
    }

    /**
     * Where the passes over all images that scale with the data run (extraction, evaluation, the report's
     * concept scan): as Apache Spark jobs, through the {@code facet-spark} module
     * ({@link dev.facet.pipeline.distributed.DistributedPasses}). The outputs are those of a run on this
     * machine (docs/spark.md), so the section is not part of any stage's fingerprint.
     *
     * @param master     the Spark master: {@code local[N]} (in this JVM, N task threads; {@code local[N,F]} retries
     *                   a failed task F − 1 times), {@code spark://HOST:PORT}, {@code yarn}, {@code k8s://...}, or
     *                   {@value #SUBMITTED}: the master {@code spark-submit} gave
     * @param partitions how many parts the images (or the store's shards) are split into, 0 for
     *                   {@value #PARTITIONS_PER_CORE} per core of the cluster's default parallelism
     */
    public record Spark(String master, int partitions) {

        /** The master value that keeps the master {@code spark-submit} set. */
        public static final String SUBMITTED = "submit";
        /** Partitions per core of the default parallelism when {@code partitions} is 0. */
        public static final int PARTITIONS_PER_CORE = 4;

        public Spark {
            if (master == null || master.isBlank()) {
                throw new ConfigException("spark.master must name a Spark master (local[2], spark://HOST:PORT, yarn, "
                        + "k8s://..., or '" + SUBMITTED + "' under spark-submit), found "
                        + (master == null ? "nothing" : "'" + master + "'"));
            }
            if (partitions < 0) {
                throw ConfigException.outOfRange("spark.partitions", partitions, ">= 0 (0 = "
                        + PARTITIONS_PER_CORE + " per core)");
            }
        }

        /** Reads a spark section: {@code master} is required, {@code partitions} defaults to 0. */
        public static Spark of(ConfigValues v) {
            v.rejectUnknown(Set.of("master", "partitions"));
            return new Spark(v.requireString("master"), v.optInt("partitions", 0, 0, 1 << 20));
        }
    }

    /** Stages of a pipeline in order. */
    public enum Stage {
        EXTRACT, TRAIN, EVALUATE,
        /** Runs only when the config has an {@code importance} section. */
        IMPORTANCE,
        REPORT,
        /** Runs only when the config has an {@code explain} section. */
        EXPLAIN;

        /** Lower-case name used in files and messages. */
        public String id() {
            return lower(this);
        }
    }

    /**
     * What each stage's output depends on: a stage whose fingerprint changed cannot be resumed.
     */
    Map<String, Object> fingerprint(Stage stage) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backbone", backbone.fingerprint());
        map.put("images", images.fingerprint());
        map.put("extract", extract.fingerprint());
        if (stage.compareTo(Stage.TRAIN) >= 0) {
            map.put("learner", Map.of("id", learner.id(), "hyperparameters", learner.hyperparameters()));
            map.put("seed", seed);
            // only when it differs from the default, so that outputs made before the setting existed still match
            if (evaluate.holdout() != HeldOutSplit.DEFAULT_FRACTION) {
                map.put("holdout", evaluate.holdout());
            }
        }
        if (stage.compareTo(Stage.EVALUATE) >= 0) {
            map.put("evaluate", Map.of("limit_rows", evaluate.limitRows(), "stability", evaluate.stability()));
        }
        // only when the section is given, so that outputs made before it existed still match
        if (stage.compareTo(Stage.IMPORTANCE) >= 0 && importance != null) {
            map.put("importance", importance.toMap());
        }
        if (stage.compareTo(Stage.REPORT) >= 0) {
            map.put("report", report.toMap());
        }
        if (stage == Stage.EXPLAIN && explain != null) {
            map.put("explain", explain.toMap());
        }
        return map;
    }

    /** Whether the config asks for a path that exists: checked before any work starts. */
    void requireInputs() {
        images.requireExists("Pipeline images");
        if (explain != null && explain.images() != null) {
            new Images(explain.images(), 0, 1, 0, 1).requireExists("Pipeline explain images");
        }
    }
}
