/**
 * Facet's distributed passes on Apache Spark: the shared pieces every job uses (the context, what workers
 * open, the pooled executor resources, output through Hadoop's file system API) and the
 * {@link dev.facet.spark.SparkPasses} provider.
 */
package dev.facet.spark;
