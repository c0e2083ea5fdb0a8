package dev.facet.cli;

import dev.facet.extractors.onnx.OrtBackbone;
import dev.facet.extractors.onnx.TensorInfo;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.config.ConfigValues;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facet extract}: activations of one layer for a set of images, into an activation store. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Reads a backbone's activations at one layer for every image and stores them as .npy shards.")
final class ExtractCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = BackboneOptions.MODEL_TEXT + ".")
    private String model;

    @Mixin
    private BackboneOptions backboneOptions = new BackboneOptions();

    @Option(names = "--layer", paramLabel = "LAYER",
            description = "Required (except with --list-tensors). Block number i (residual stream after block i; "
                    + "0 = embeddings), 'logits', a hook name, or an ONNX tensor name.")
    private String layer;

    @Option(names = "--tokens", defaultValue = "patch", paramLabel = "SELECTION",
            description = "Which tokens to keep: all, cls, patch or registers (default: ${DEFAULT-VALUE}).")
    private String tokens;

    @Option(names = "--images", paramLabel = "PATH",
            description = "Required. A folder of images (recursive), an IDX file, or a list file of paths.")
    private Path images;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Required. Activation store directory; an existing one resumes. With --spark also a Hadoop "
                    + "file-system URI (hdfs://, s3a://, file://).")
    private String out;


    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|float16",
            description = "Element type of the shards: float32 or float16 (default: ${DEFAULT-VALUE}).")
    private String dtype;

    @Option(names = "--shard-rows", defaultValue = "65536",
            description = "Target rows per shard; shards hold whole images (default: ${DEFAULT-VALUE}).")
    private int shardRows;

    @Option(names = "--threads", defaultValue = "0",
            description = "Image decoding threads, 0 = one per core (default: ${DEFAULT-VALUE}).")
    private int threads;



    @Option(names = "--keep-padding",
            description = "Also store the positions (patch tokens, feature-map cells) that lie wholly in an image's "
                    + "padding, for models that pad (resize pad or fit-height-pad-right) (default: off, they are left out).")
    private boolean keepPadding;

    @Option(names = "--list-tensors", description = "List the hook points (and, for ONNX, every tensor with its op and "
            + "shape, and why one is not a hook point) and exit (default: off).")
    private boolean listTensors;

    @Mixin
    private ImageReadOptions imageOptions = new ImageReadOptions();

    @Mixin
    private PluginOptions pluginOptions = new PluginOptions();

    @Mixin
    private SparkOptions sparkOptions = new SparkOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipelineConfig.Backbone backbone = backboneOptions.section("facet extract", model, layer, tokens);
        if (listTensors) {
            try (LoadedPlugins plugins = pluginOptions.start();
                 Backbone opened = stages(plugins, err).openBackbone(backbone)) {
                list(out, opened);
                return 0;
            }
        }
        require(layer, "--layer");
        String store = require(this.out, "--out");
        if (!Stages.isUri(store)) {
            ActivationStoreWriter.requireOutput(Path.of(store), "facet extract --out");
        } else if (!sparkOptions.isSet()) {
            throw new ConfigException("facet extract --out " + store + ": a file-system URI is written by a Spark "
                    + "extraction only; add --spark MASTER, or give a directory path");
        }
        PipelineConfig.Images imageSection = imageOptions.section("facet extract", require(images, "--images"), Map.of("threads", threads));
        PipelineConfig.Extract extract = PipelineConfig.Extract.of(ConfigValues.of("facet extract",
                Map.of("dtype", dtype, "shard_rows", shardRows, "keep_padding", keepPadding)));
        try (LoadedPlugins plugins = pluginOptions.start()) {
            Stages stages = sparkOptions.apply(stages(plugins, err), pluginOptions, "facet extract");
            ExtractionResult result = stages.extract(backbone, imageSection, extract, store);
            out.printf(Locale.ROOT, "Stored %d images (%d rows of %s %s) in %s; this run: %d images in %.1f s "
                            + "(%.1f images/s); skipped %d (see skipped.json)%n",
                    result.imagesStored(), result.rows(), backbone.hookPoint(),
                    backbone.tokens().name().toLowerCase(Locale.ROOT), result.store(), result.imagesThisRun(),
                    result.seconds(), result.imagesPerSecond(), result.skipped().size());
        }
        return 0;
    }

    /** The stage API over {@code plugins}, with progress bars and messages on {@code err}. */
    static Stages stages(LoadedPlugins plugins, PrintWriter err) {
        return new Stages(plugins.registry(), new ConsoleProgress(err, System.console() != null), err::println);
    }

    private static <T> T require(T value, String option) {
        if (value == null) {
            throw new ConfigException("facet extract: missing required option " + option);
        }
        return value;
    }

    private static void list(PrintWriter out, Backbone backbone) {
        OrtBackbone onnx = backbone instanceof OrtBackbone ort ? ort : null;
        Optional<String> missingInput = onnx == null ? Optional.empty() : onnx.missingInput();
        Map<String, String> refused = Map.of();
        if (missingInput.isPresent()) {
            out.println("Hook points: not known until the input size is given. " + missingInput.get());
        } else {
            out.println("Hook points of " + backbone.info().model() + ":");
            for (HookPoint hook : backbone.info().hookPoints()) {
                out.println("  " + hook.name() + "  " + hook.layout());
            }
            refused = backbone.info().refused();
        }
        if (onnx != null) {
            out.println("Tensors of the ONNX graph (name, producing op, shape; ? where not known):");
            for (TensorInfo tensor : onnx.tensors()) {
                String why = refused.get(tensor.name());
                out.println("  " + tensor + (why == null ? "" : "  (not a hook point: it " + why + ")"));
            }
        }
    }
}
