package dev.facet.cli;

import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.onnx.OrtBackbone;
import dev.facet.extractors.onnx.TensorInfo;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.pipeline.ExtractionRequest;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.run.RunContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code facet extract}: activations of one layer for a set of images, into an activation store. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Reads a backbone's activations at one layer for every image and stores them as .npy shards.")
final class ExtractCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private BackboneOptions backboneOptions = new BackboneOptions();

    @Option(names = "--layer", paramLabel = "LAYER",
            description = "Block number i (residual stream after block i; 0 = embeddings), 'logits', a hook name, "
                    + "or an ONNX tensor name.")
    private String layer;

    @Option(names = "--tokens", defaultValue = "patch", paramLabel = "SELECTION",
            description = "Which tokens to keep: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private String tokens;

    @Option(names = "--images", paramLabel = "PATH",
            description = "A folder of images (recursive), an IDX file, or a list file of paths.")
    private Path images;

    @Option(names = "--out", paramLabel = "DIR", description = "Activation store directory; an existing one resumes.")
    private Path out;

    @Option(names = "--batch", defaultValue = "64", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float16 (default: ${DEFAULT-VALUE}).")
    private String dtype;

    @Option(names = "--shard-rows", defaultValue = "65536",
            description = "Target rows per shard; shards hold whole images (default: ${DEFAULT-VALUE}).")
    private int shardRows;

    @Option(names = "--threads", defaultValue = "0", description = "Image decoding threads, 0 = one per core.")
    private int threads;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N images (0 = all).")
    private int limit;

    @Option(names = "--list-tensors", description = "List the hook points (and, for ONNX, every tensor) and exit.")
    private boolean listTensors;

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Directory of plugin jars; repeatable.")
    private java.util.List<Path> pluginDirectories = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginHost.Builder host = PluginHost.builder();
        pluginDirectories.forEach(host::addPluginsDirectory);
        try (LoadedPlugins plugins = host.build().start();
             Backbone backbone = plugins.registry().backbone(backboneOptions.engineId()).open(backboneOptions.config())) {
            if (listTensors) {
                list(out, backbone);
                return 0;
            }
            ExtractionRequest request = request(backbone);
            ImageSource source = ImageSources.open(require(images, "--images"));
            if (Extraction.storeExists(request.output())) {
                spec.commandLine().getErr().println("Resuming the activation store in " + request.output());
            }
            RunContext context = RunContext.builder().setOutputDirectory(request.output())
                    .optProgress(new ConsoleProgress(spec.commandLine().getErr(), System.console() != null)).build();
            ExtractionResult result = Extraction.run(backbone, source, request, context);
            out.printf(Locale.ROOT, "Stored %d images (%d rows of %s %s) in %s; this run: %d images in %.1f s "
                            + "(%.1f images/s); skipped %d (see skipped.json)%n",
                    result.imagesStored(), result.rows(), request.hookPoint(), request.tokens().name().toLowerCase(Locale.ROOT),
                    result.store(), result.imagesThisRun(), result.seconds(), result.imagesPerSecond(),
                    result.skipped().size());
        }
        return 0;
    }

    private ExtractionRequest request(Backbone backbone) {
        String hook = hookName(require(layer, "--layer"));
        backbone.info().hookPoint(hook);
        ConfigValues values = ConfigValues.of("facet extract", Map.of("tokens", tokens, "dtype", dtype));
        return new ExtractionRequest(hook, values.optEnum("tokens", TokenSelection.class, TokenSelection.PATCH),
                require(out, "--out"), values.optEnum("dtype", StoreDtype.class, StoreDtype.FLOAT32), batch, shardRows,
                threads, limit);
    }

    /** A bare number i names hook {@code layer.i}. */
    static String hookName(String layer) {
        return layer.matches("\\d+") ? "layer." + layer : layer;
    }

    private static <T> T require(T value, String option) {
        if (value == null) {
            throw new ConfigException("facet extract: missing required option " + option);
        }
        return value;
    }

    private static void list(PrintWriter out, Backbone backbone) {
        out.println("Hook points of " + backbone.info().model() + ":");
        for (HookPoint hook : backbone.info().hookPoints()) {
            out.println("  " + hook.name() + "  " + hook.layout());
        }
        if (backbone instanceof OrtBackbone onnx) {
            out.println("Tensors of the ONNX graph (name, producing op, shape):");
            for (TensorInfo tensor : onnx.tensors()) {
                out.println("  " + tensor);
            }
        }
    }
}
