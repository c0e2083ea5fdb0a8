/** The evaluation of a dictionary over an activation store as a Spark job: per-partition evaluators, merged. */
package dev.facet.spark.evaluate;
