/** The report's concept scan as a Spark job: per-partition top images and activity, merged. */
package dev.facet.spark.scan;
