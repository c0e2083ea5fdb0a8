package dev.facet.pipeline.distributed;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.run.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one distributed pass runs: the cluster settings, the plugin directories every worker loads besides
 * the built-in plugins, and where progress and messages go on the driver.
 *
 * @param spark             the spark section of the config (master, partitions)
 * @param pluginDirectories directories of plugin jars, readable at the same path on every worker
 * @param progress          receives the progress of the pass (partitions done)
 * @param messages          receives one line per notable event (resuming, partitions skipped, retries)
 */
public record DistributedRun(PipelineConfig.Spark spark, List<Path> pluginDirectories, ProgressListener progress,
                             Consumer<String> messages) {

    public DistributedRun {
        Objects.requireNonNull(spark, "spark");
        pluginDirectories = List.copyOf(pluginDirectories);
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(messages, "messages");
    }
}
