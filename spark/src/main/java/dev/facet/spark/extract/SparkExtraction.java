package dev.facet.spark.extract;

import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.spi.ConfigException;

/** Extraction into an activation store as a Spark job (docs/spark.md#extraction-on-spark). */
public final class SparkExtraction {
    private SparkExtraction() {
    }

    /** Extracts {@code images} into the store at {@code store}, resuming it. */
    public static ExtractionResult run(DistributedRun run, PipelineConfig.Backbone backbone,
                                       PipelineConfig.Images images, PipelineConfig.Extract extract, String store) {
        throw new ConfigException("not yet");
    }
}
