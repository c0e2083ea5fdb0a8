package dev.facet.pipeline.distributed;

import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.pipeline.DictionaryEvaluation;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.scan.ConceptScanner;
import dev.facet.spi.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The passes over all images that scale with the data, run by a cluster engine: extraction into an
 * activation store, evaluation over a store, and the report's concept scan. The {@code facet-spark} module
 * provides them on Apache Spark; the pipeline finds the provider through {@link ServiceLoader}, so that the
 * plain {@code facet.jar} runs without Spark and only a run that asks for it needs Spark on its class path.
 * Each pass writes what its single-machine counterpart writes (docs/spark.md).
 */
public interface DistributedPasses {

    /** The engine's name in messages, e.g. {@code spark}. */
    String engine();

    /**
     * Why the engine cannot run in this JVM (its own classes are missing from the class path), with what
     * to do about it; empty when it can.
     */
    String unavailable();

    /**
     * Extracts the activations of {@code backbone}'s layer for every image into the store at {@code store}
     * (a path or a Hadoop file-system URI), resuming it: the store holds the images and rows a
     * single-machine extraction of the same inputs holds.
     */
    ExtractionResult extract(DistributedRun run, PipelineConfig.Backbone backbone, PipelineConfig.Images images,
                             PipelineConfig.Extract extract, String store);

    /**
     * Evaluates the dictionary in {@code dictionary} over the store at {@code store} as the single-machine
     * evaluation does (held-out images scored apart when it was trained with some) and writes
     * {@code metrics}.
     *
     * @param learner the learner that loads the dictionary
     */
    DictionaryEvaluation.Result evaluate(DistributedRun run, String learner, Path dictionary, String store,
                                         PipelineConfig.Evaluate evaluate, Path metrics);

    /**
     * The report's concept scan over {@code images}, run as a distributed job by workers that open the
     * backbone and the dictionary themselves.
     *
     * @param learner the learner that loads the dictionary
     */
    ConceptScanner scanner(DistributedRun run, PipelineConfig.Backbone backbone, PipelineConfig.Images images,
                           String learner, Path dictionary);

    /**
     * The provider on the class path that can run here.
     *
     * @param field where the distributed run was asked for, for the message (e.g. {@code "facet extract --spark"})
     * @throws ConfigException when none is on the class path, or the one found cannot run (its engine's classes
     *                         are missing); the message says what to add
     */
    static DistributedPasses require(String field) {
        List<DistributedPasses> found = ServiceLoader.load(DistributedPasses.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (found.isEmpty()) {
            throw new ConfigException(field + ": no distributed engine is on the class path; add the facet-spark module"
                    + " (facet.jar carries it) and Apache Spark 4.0 or later with Scala 2.13 (see docs/spark.md)");
        }
        DistributedPasses passes = found.get(0);
        String why = passes.unavailable();
        if (!why.isEmpty()) {
            throw new ConfigException(field + ": " + why);
        }
        return passes;
    }
}
