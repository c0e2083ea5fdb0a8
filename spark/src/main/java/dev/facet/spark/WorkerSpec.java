package dev.facet.spark;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.extractors.TokenSelection;
import dev.facet.plugins.FacetRegistry;
import dev.facet.plugins.LoadedPlugins;
import dev.facet.plugins.PluginHost;
import dev.facet.spi.Device;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.ProgressListener;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker needs to open the components of a pass on its own: the backbone section and the plugin
 * directories (readable at the same path on every worker). It travels to the executors inside the tasks,
 * so it holds only serializable values. A model or descriptor file is found on a worker at the path as
 * given when it exists there, else as the copy {@link #ship} sent with {@code SparkContext.addFile}.
 *
 * @param engine            the backbone factory id
 * @param model             the model name or file as given
 * @param descriptor        the descriptor name or file as given, or {@code null}
 * @param device            where the backbone runs
 * @param layer             the layer as given
 * @param tokens            which tokens become rows
 * @param preprocessing     the preprocessing settings as given
 * @param layout            the backbone option {@code layout}, or {@code null}
 * @param pluginDirectories directories of plugin jars
 */
public record WorkerSpec(String engine, String model, String descriptor, Device device, String layer,
                         TokenSelection tokens, Map<String, Object> preprocessing, String layout,
                         List<String> pluginDirectories) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSpec.class);
    private static final String THREADS = "threads";
    private static final Map<List<String>, Loaded> REGISTRIES = new ConcurrentHashMap<>();

    public WorkerSpec {
        preprocessing = new LinkedHashMap<>(preprocessing);
        pluginDirectories = List.copyOf(pluginDirectories);
    }

    /** The spec of {@code backbone} with the plugins of {@code pluginDirectories} besides the built-in ones. */
    public static WorkerSpec of(PipelineConfig.Backbone backbone, List<Path> pluginDirectories) {
        return new WorkerSpec(backbone.id(), backbone.model(), backbone.descriptor(), backbone.device(),
                backbone.layer(), backbone.tokens(), backbone.preprocessing(), backbone.layout(),
                pluginDirectories.stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /** The backbone section, with its model and descriptor files as found in this JVM. */
    public PipelineConfig.Backbone backbone() {
        return new PipelineConfig.Backbone(engine, local(model), local(descriptor), device, layer, tokens,
                preprocessing, layout);
    }

    /** The components of the built-in plugins and of the plugin directories, loaded once per JVM. */
    public FacetRegistry registry() {
        return REGISTRIES.computeIfAbsent(pluginDirectories, dirs -> {
            PluginHost.Builder host = PluginHost.builder();
            dirs.forEach(dir -> host.addPluginsDirectory(Path.of(dir)));
            LoadedPlugins plugins = host.build().start();
            return new Loaded(plugins, plugins.registry());
        }).registry();
    }

    /** The plugins of a JVM, kept open (their class loaders) for as long as it runs, and their registry. */
    private record Loaded(LoadedPlugins plugins, FacetRegistry registry) {
    }

    /**
     * Opens the backbone in this JVM; the caller closes it. In a task, an engine with a {@code threads} setting
     * (ONNX Runtime's intra-op threads) gets the task's share of the executor's cores ({@code spark.task.cpus},
     * 1 by default): the executor runs one task per share at once, and an engine claiming every core for each
     * of them would leave concurrent tasks fighting over the same cores.
     */
    public Backbone openBackbone() {
        FacetRegistry registry = registry();
        TaskContext task = TaskContext.get();
        Map<String, Object> engineOptions = task != null && registry.backbone(engine).settings().names().contains(THREADS)
                ? Map.of(THREADS, task.cpus()) : Map.of();
        return new Stages(registry, ProgressListener.silent(), message -> { }).openBackbone(backbone(), engineOptions);
    }

    /** Only the plugins: for a pass whose workers open a dictionary and no backbone. */
    public static WorkerSpec pluginsOnly(List<Path> pluginDirectories) {
        return new WorkerSpec(null, null, null, null, null, null, Map.of(), null,
                pluginDirectories.stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /**
     * Sends the model and descriptor files to the executors when the master is not local (a local master's
     * executors read them where they are); names that are not existing files (bundled models, URLs) stay as given.
     */
    public void ship(JavaSparkContext sc) {
        if (sc.isLocal()) {
            return;
        }
        for (String value : new String[] {model, descriptor}) {
            Path file = existingFile(value);
            if (file != null) {
                LOG.info("Shipping {} to the executors", file);
                sc.addFile(file.toAbsolutePath().toString());
            }
        }
    }

    /** {@code value} as a file of this JVM: itself when it exists, else the shipped copy, else unchanged. */
    private static String local(String value) {
        if (value == null || existingFile(value) != null || value.contains("://")) {
            return value;
        }
        try {
            Path name = Path.of(value).getFileName();
            if (name == null) {
                return value;
            }
            Path shipped = Path.of(SparkFiles.get(name.toString()));
            return Files.isRegularFile(shipped) ? shipped.toString() : value;
        } catch (InvalidPathException | IllegalStateException | NullPointerException e) {
            // no Spark environment in this JVM, or not a path: the factory names what it cannot open
            return value;
        }
    }

    private static Path existingFile(String value) {
        if (value == null || value.contains("://")) {
            return null;
        }
        try {
            Path path = Path.of(value);
            return Files.isRegularFile(path) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
