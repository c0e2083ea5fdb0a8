package dev.facet.spark;

import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.distributed.DistributedPasses;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.pipeline.scan.ConceptScanner;
import dev.facet.spark.evaluate.SparkEvaluation;
import dev.facet.spark.extract.SparkExtraction;
import dev.facet.spark.scan.SparkConceptScanner;
import java.nio.file.Path;

/**
 * The distributed passes on Apache Spark (docs/spark.md). Spark is not bundled with Facet: this class names
 * no Spark type itself, so the pipeline can load it and ask {@link #unavailable()} where Spark is missing.
 */
public final class SparkPasses implements DistributedPasses {
    static final String SPARK_CLASS = "org.apache.spark.api.java.JavaSparkContext";

    @Override
    public String engine() {
        return "spark";
    }

    @Override
    public String unavailable() {
        try {
            Class.forName(SPARK_CLASS, false, SparkPasses.class.getClassLoader());
            return JacksonPairing.problem();
        } catch (ClassNotFoundException | LinkageError e) {
            return "Apache Spark is not on the class path (" + SPARK_CLASS + " is missing): submit the job with "
                    + "spark-submit, or put the jars of Spark 4.0 or later for Scala 2.13 on the class path (see "
                    + "docs/spark.md)";
        }
    }

    @Override
    public ExtractionResult extract(DistributedRun run, PipelineConfig.Backbone backbone, PipelineConfig.Images images,
                                    PipelineConfig.Extract extract, String store) {
        return SparkExtraction.run(run, backbone, images, extract, store);
    }

    @Override
    public DictionaryEvaluation.Result evaluate(DistributedRun run, String learner, Path dictionary, String store,
                                                PipelineConfig.Evaluate evaluate, Path metrics) {
        return SparkEvaluation.run(run, learner, dictionary, store, evaluate, metrics);
    }

    @Override
    public ConceptScanner scanner(DistributedRun run, PipelineConfig.Backbone backbone, PipelineConfig.Images images,
                                  String learner, Path dictionary) {
        return new SparkConceptScanner(run, backbone, images, learner, dictionary);
    }
}
