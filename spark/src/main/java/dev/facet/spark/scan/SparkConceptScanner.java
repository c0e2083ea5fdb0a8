package dev.facet.spark.scan;

import dev.facet.extractors.images.ImageSource;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.pipeline.scan.ConceptActivity;
import dev.facet.pipeline.scan.ConceptScanner;
import dev.facet.pipeline.scan.TopImages;
import dev.facet.spark.ImagesSpec;
import dev.facet.spark.SourceRange;
import dev.facet.spark.SparkContexts;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.run.ProgressTask;
import dev.facet.spi.run.RunContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The report's concept scan as a Spark job (docs/spark.md#the-concept-scan-on-spark): the images are split
 * into partitions of consecutive source indices (whole batches of the single-machine scan), each task scans its range with the executor's backbone and
 * dictionary and returns its top lists (images numbered by source index), its activity and the images it
 * read; the driver merges them in partition order, renumbering each image to its position in the whole scan.
 * As that renumbering keeps the order of the images, ties still go to the lower image; and as each task's
 * batches are the single-machine scan's where every image is readable, the top lists, counts, maxima and
 * histograms equal its own exactly (sums up to the order of their additions). An unreadable image shifts the
 * batches after it in its partition, which may change codes by float rounding.
 */
public final class SparkConceptScanner implements ConceptScanner {

    private final DistributedRun run;
    private final PipelineConfig.Backbone backbone;
    private final PipelineConfig.Images images;
    private final String learner;
    private final Path dictionary;

    /**
     * @param learner    the learner that loads the dictionary
     * @param dictionary the dictionary directory, read at this path on every worker
     */
    public SparkConceptScanner(DistributedRun run, PipelineConfig.Backbone backbone, PipelineConfig.Images images,
                               String learner, Path dictionary) {
        this.run = run;
        this.backbone = backbone;
        this.images = images;
        this.learner = Stages.learnerOf(learner, dictionary);
        this.dictionary = dictionary;
    }

    @Override
    public int[] scan(TopImages top, ConceptActivity activity, RunContext context) {
        try (SparkContexts.Handle handle = SparkContexts.open(run.spark(), "facet report")) {
            JavaSparkContext sc = handle.context();
            WorkerSpec worker = WorkerSpec.of(backbone, run.pluginDirectories());
            worker.ship(sc);
            ImageSource listed = Stages.images(images);
            ScanTask task = new ScanTask(worker, ImagesSpec.of(images, listed), learner,
                    dictionary.toAbsolutePath().toString(), top.concepts(), top.k(), top.score(), activity.bins());
            List<SourceRange> ranges = SourceRange.aligned(listed.size(), images.batch(),
                    handle.partitions(listed.size()));
            List<ScanTask.Part> parts;
            try (ProgressTask progress = context.progress().start("concept maps", ranges.size(), "partitions")) {
                parts = sc.parallelize(ranges, ranges.size()).map(task::run).collect();
                progress.advance(ranges.size());
            }
            int[] scanned = parts.stream().flatMapToInt(part -> Arrays.stream(part.scanned())).toArray();
            for (ScanTask.Part part : parts) {
                top.merge(part.top(), source -> Arrays.binarySearch(scanned, (int) source));
                activity.merge(part.activity());
            }
            run.messages().accept("Concept scan: " + scanned.length + " of " + listed.size() + " images read in "
                    + ranges.size() + " partitions");
            return scanned;
        }
    }
}
