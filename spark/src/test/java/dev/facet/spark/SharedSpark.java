package dev.facet.spark;

import dev.facet.pipeline.PipelineConfig;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one Spark context of the test JVM (only one may be active per JVM): local, two task threads, a failed
 * task retried once. Never stopped, so test classes share it.
 */
public final class SharedSpark {
    /** The master of the shared context. */
    public static final String MASTER = "local[2,2]";
    private static SparkContexts.Handle handle;

    private SharedSpark() {
    }

    /** The spark section that names the shared context's master. */
    public static PipelineConfig.Spark config(int partitions) {
        return new PipelineConfig.Spark(MASTER, partitions);
    }

    /** The shared context, started on first use. */
    public static synchronized JavaSparkContext context() {
        if (handle == null) {
            handle = SparkContexts.open(config(0), "facet-tests");
        }
        return handle.context();
    }
}
