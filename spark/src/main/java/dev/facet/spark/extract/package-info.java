/** Extraction into an activation store as a Spark job, with per-attempt output committed by the driver. */
package dev.facet.spark.extract;
