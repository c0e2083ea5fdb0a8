package dev.facet.spark;

import dev.facet.pipeline.PipelineConfig;
import dev.facet.spi.ConfigException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The Spark context a distributed pass runs in: the JVM's active one when there is one (a job started
 * by {@code spark-submit} that already made it, or a test's shared context), else a new one for the
 * configured master. Only one context may be active per JVM, so a handle stops only a context it started.
 */
public final class SparkContexts {
    private static final Logger LOG = LoggerFactory.getLogger(SparkContexts.class);
    private static final String MASTER = "spark.master";

    private SparkContexts() {
    }

    /**
     * Opens (or joins) the context for {@code spark}.
     *
     * @param appName the application's name, when this call starts the context
     * @throws ConfigException when the master is {@value PipelineConfig.Spark#SUBMITTED} but this JVM was not
     *                         started by {@code spark-submit}
     */
    public static synchronized Handle open(PipelineConfig.Spark spark, String appName) {
        Option<SparkContext> active = SparkContext$.MODULE$.getActive();
        if (active.isDefined()) {
            SparkContext context = active.get();
            if (!PipelineConfig.Spark.SUBMITTED.equals(spark.master()) && !spark.master().equals(context.master())) {
                LOG.warn("Spark master {} asked for, but this JVM already runs a context on {}: using it",
                        spark.master(), context.master());
            }
            return new Handle(JavaSparkContext.fromSparkContext(context), spark, false);
        }
        SparkConf conf = new SparkConf();
        if (PipelineConfig.Spark.SUBMITTED.equals(spark.master())) {
            if (!conf.contains(MASTER)) {
                throw new ConfigException("spark.master '" + PipelineConfig.Spark.SUBMITTED + "' keeps the master "
                        + "spark-submit sets, but this JVM was not started by spark-submit (no " + MASTER
                        + " property); run it with spark-submit or name a master such as local[2]");
            }
        } else {
            conf.setMaster(spark.master());
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(appName);
        }
        if (conf.get(MASTER).startsWith("local") && !conf.contains("spark.ui.enabled")) {
            conf.set("spark.ui.enabled", "false");
        }
        LOG.info("Starting a Spark context on {} for {}", conf.get(MASTER), appName);
        return new Handle(new JavaSparkContext(conf), spark, true);
    }

    /** A context to run jobs in; closing it stops the context only when {@link #open} started it. */
    public static final class Handle implements AutoCloseable {
        private final JavaSparkContext context;
        private final PipelineConfig.Spark spark;
        private final boolean owned;

        private Handle(JavaSparkContext context, PipelineConfig.Spark spark, boolean owned) {
            this.context = context;
            this.spark = spark;
            this.owned = owned;
        }

        /** The context. */
        public JavaSparkContext context() {
            return context;
        }

        /**
         * How many partitions {@code items} things are split into: the configured count, or
         * {@value PipelineConfig.Spark#PARTITIONS_PER_CORE} per core of the default parallelism; at most
         * {@code items}, at least 1.
         */
        public int partitions(int items) {
            long wanted = spark.partitions() > 0 ? spark.partitions()
                    : (long) PipelineConfig.Spark.PARTITIONS_PER_CORE * context.defaultParallelism();
            return (int) Math.max(1, Math.min(wanted, items));
        }

        /** Whether this handle started the context (and so stops it on close). */
        public boolean owned() {
            return owned;
        }

        @Override
        public void close() {
            if (owned) {
                context.stop();
            }
        }
    }
}
