package dev.facet.checks.violations.cli;

import org.apache.spark.SparkConf;

/** Breaks the Spark rule on purpose: a command naming a Spark class, which facet.jar does not carry. */
public final class SparkInCli {
    public String master(SparkConf conf) {
        return conf.get("spark.master");
    }
}
