package dev.facet.cli;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.spi.ConfigException;
import picocli.CommandLine.Option;

/**
 * {@code --spark} and {@code --spark-partitions}: the pass over all images (or over the store) of
 * {@code facet extract}, {@code eval} and {@code report} as a Spark job, as a pipeline config's {@code spark}
 * section runs it ({@link Stages#distributed}).
 */
final class SparkOptions {

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run the pass over every image (eval: every row of the store) as an Apache Spark job: "
                    + "local[N] (in this JVM, N task threads; local[N,F] retries a failed task F-1 times), "
                    + "spark://HOST:PORT, yarn, k8s://..., or 'submit' to keep the master of spark-submit. Needs "
                    + "Spark 4.0 (Scala 2.13) on the class path, which facet.jar does not carry: run facet.jar with "
                    + "spark-submit, or put Spark's jars before it with java -cp (default: none, on this machine).")
    String master;

    @Option(names = "--spark-partitions", defaultValue = "0", paramLabel = "N",
            description = "With --spark: how many parts the work is split into, 0 = "
                    + PipelineConfig.Spark.PARTITIONS_PER_CORE + " per core of the cluster (default: ${DEFAULT-VALUE}).")
    int partitions;

    /** Whether {@code --spark} was given. */
    boolean isSet() {
        return master != null;
    }

    /**
     * {@code stages} running on Spark when {@code --spark} was given, themselves otherwise.
     *
     * @param command the command, for the messages (e.g. {@code "facet extract"})
     * @throws ConfigException when {@code --spark-partitions} comes without {@code --spark}, or Spark cannot run here
     */
    Stages apply(Stages stages, PluginOptions plugins, String command) {
        if (partitions < 0) {
            throw ConfigException.outOfRange(command + " --spark-partitions", partitions, ">= 0 (0 = "
                    + PipelineConfig.Spark.PARTITIONS_PER_CORE + " per core)");
        }
        if (master == null) {
            if (partitions != 0) {
                throw new ConfigException(command + " --spark-partitions: splits a Spark job; give --spark MASTER too");
            }
            return stages;
        }
        if (master.isBlank()) {
            throw new ConfigException(command + " --spark: name a Spark master (local[2], spark://HOST:PORT, yarn, "
                    + "k8s://..., or '" + PipelineConfig.Spark.SUBMITTED + "' under spark-submit)");
        }
        return stages.distributed(new PipelineConfig.Spark(master, partitions), plugins.directories,
                command + " --spark");
    }
}
