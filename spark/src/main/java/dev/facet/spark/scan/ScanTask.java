package dev.facet.spark.scan;

import dev.facet.pipeline.scan.ConceptActivity;
import dev.facet.pipeline.scan.ImageScore;
import dev.facet.pipeline.scan.LocalConceptScanner;
import dev.facet.pipeline.scan.TopImages;
import dev.facet.spark.ExecutorResources;
import dev.facet.spark.ImagesSpec;
import dev.facet.spark.SourceRange;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * One task of the concept scan: the images of a range of source indices scanned on the executor, with its
 * pooled backbone and dictionary, by the scan a single machine runs ({@link LocalConceptScanner}).
 *
 * @param worker     opens the backbone (and the learner's plugins) on the executor
 * @param images     the image source, opened on the executor
 * @param learner    the learner that loads the dictionary
 * @param dictionary the dictionary directory, read at this path on every worker
 * @param concepts   the dictionary's concepts
 * @param k          top images kept per concept
 * @param score      how images are scored
 * @param bins       bins of each activation histogram
 */
record ScanTask(WorkerSpec worker, ImagesSpec images, String learner, String dictionary, int concepts, int k,
                ImageScore score, int bins) implements Serializable {

    /** The scan writes nothing and reports no progress of its own (the driver counts partitions). */
    private static final RunContext TASK_CONTEXT = RunContext.builder()
            .setOutputDirectory(Path.of(System.getProperty("java.io.tmpdir"))).build();

    /**
     * What one partition found.
     *
     * @param top      its top lists, images numbered by source index
     * @param activity its statistics
     * @param scanned  the source index of each image it scanned, ascending
     */
    record Part(TopImages.Snapshot top, ConceptActivity activity, int[] scanned) implements Serializable {
    }

    /** Scans the images of one range of source indices. */
    Part run(SourceRange range) {
        TopImages top = TopImages.builder().setConcepts(concepts).setK(k).optScore(score).build();
        ConceptActivity activity = ConceptActivity.create(concepts, bins);
        try (ExecutorResources.Lease<Backbone> backbone = ExecutorResources.backbone(worker);
             ExecutorResources.Lease<Dictionary> loaded = ExecutorResources.dictionary(worker, learner, dictionary)) {
            int[] scanned = LocalConceptScanner.builder().setBackbone(backbone.get())
                    .setHookPoint(worker.backbone().hookPoint()).setDictionary(loaded.get()).setImages(images.open())
                    .optRange(range.start(), range.end()).optBatchSize(images.batch()).optThreads(images.threads()).build()
                    .scan(top, activity, TASK_CONTEXT);
            return new Part(top.snapshot(position -> scanned[(int) position]), activity, scanned);
        }
    }
}
