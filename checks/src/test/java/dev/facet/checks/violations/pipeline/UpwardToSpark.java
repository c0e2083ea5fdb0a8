package dev.facet.checks.violations.pipeline;

import dev.facet.checks.violations.spark.PartitionJob;

/** Breaks the layering on purpose: the pipeline reaching up into the Spark module instead of its ServiceLoader contract. */
public final class UpwardToSpark {
    public int partitions(PartitionJob job) {
        return job.partitions();
    }
}
