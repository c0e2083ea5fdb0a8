package dev.facet.checks.violations.spark;

/** The spark-level type that the upward-import fixture of the pipeline uses. */
public record PartitionJob(int partitions) {
}
