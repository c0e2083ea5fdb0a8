package dev.facet.spark.extract;

import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.pipeline.ExtractionRequest;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.ManifestJson;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.spark.HadoopOutput;
import dev.facet.spark.ImagesSpec;
import dev.facet.spark.SparkContexts;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.io.OutputLock;
import dev.facet.spi.backbone.Backbone;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extraction into an activation store as a Spark job (docs/spark.md#extraction-on-spark). The driver lists the
 * images, derives the store's metadata from the backbone as a single-machine run does, locks the store and
 * splits the images into partitions of whole shards; each task extracts its partition on an executor into its
 * attempt's own folder; the driver commits each partition's first successful attempt and, once all are
 * committed, moves their shards into the store, numbered in partition order, and writes the manifest last.
 * A rerun resumes: it keeps the committed partitions and extracts only the others.
 */
public final class SparkExtraction {
    /** Where the store was given, in messages. */
    static final String FIELD = "extract output";
    private static final Logger LOG = LoggerFactory.getLogger(SparkExtraction.class);

    private SparkExtraction() {
    }

    /**
     * What a run did.
     *
     * @param result            what a single-machine run reports
     * @param partitions        the partitions of the store
     * @param partitionsRun     partitions this run extracted
     * @param partitionsSkipped committed partitions an earlier run left, not extracted again
     */
    public record Outcome(ExtractionResult result, int partitions, int partitionsRun, int partitionsSkipped) {
    }

    /** Extracts {@code images} into the store at {@code store} (a path or a Hadoop URI), resuming it. */
    public static ExtractionResult run(DistributedRun run, PipelineConfig.Backbone backbone,
                                       PipelineConfig.Images images, PipelineConfig.Extract extract, String store) {
        return extract(run, backbone, images, extract, store).result();
    }

    /** As {@link #run}, telling how many partitions ran and how many an earlier run had committed. */
    public static Outcome extract(DistributedRun run, PipelineConfig.Backbone backbone, PipelineConfig.Images images,
                                  PipelineConfig.Extract extract, String store) {
        long started = System.nanoTime();
        Path localStore = HadoopOutput.isLocalPath(store)
                ? HadoopOutput.of(store, new Configuration()).localPath() : null;
        if (localStore != null) {
            ActivationStoreWriter.requireOutput(localStore, FIELD);
        }
        images.requireExists("images");
        // the workers open the images at their absolute path (ImagesSpec), so the driver's metadata names it too
        images = new PipelineConfig.Images(images.path().toAbsolutePath().normalize(), images.limit(), images.batch(),
                images.threads(), images.maxPixels());
        ImageSource source = Stages.images(images);
        if (source.size() == 0) {
            throw Extraction.storedNothing(source, List.of());
        }
        ImagesSpec imagesSpec = ImagesSpec.of(images, source);
        WorkerSpec worker = WorkerSpec.of(backbone, run.pluginDirectories());
        StoreMetadata metadata;
        try (Backbone opened = worker.openBackbone()) {
            ExtractionRequest request = new ExtractionRequest(backbone.hookPoint(), backbone.tokens(),
                    Path.of(store), extract.dtype(), images.batch(), extract.shardRows(), images.threads(), 0,
                    extract.keepPadding());
            metadata = ManifestJson.normalize(Extraction.metadata(opened.info(), request, source));
        }
        // A local store is locked before Spark starts (the OS frees the lock of a killed driver); a store on
        // another file system by a heartbeat that names the Spark application.
        try (OutputLock localLock = localStore != null ? ActivationStoreWriter.lock(localStore) : null;
             SparkContexts.Handle spark = SparkContexts.open(run.spark(), "facet extract")) {
            HadoopOutput output = HadoopOutput.of(store, spark.context().hadoopConfiguration());
            try (HeartbeatLock remoteLock = localStore != null ? null
                    : HeartbeatLock.acquire(output, spark.context().sc().applicationId())) {
                return new ExtractionDriver(run, spark, output, worker, imagesSpec, source, metadata, extract,
                        started).run();
            }
        }
    }

    static void log(DistributedRun run, String message) {
        LOG.info(message);
        run.messages().accept(message);
    }
}
