package dev.facet.spark.extract;

import dev.facet.extractors.TokenSelection;
import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.pipeline.ExtractionRequest;
import dev.facet.extractors.store.ActivationStoreWriter;
import dev.facet.extractors.store.ManifestJson;
import dev.facet.extractors.store.StoreDtype;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.spark.ExecutorResources;
import dev.facet.spark.HadoopOutput;
import dev.facet.spark.ImagesSpec;
import dev.facet.spark.Scratch;
import dev.facet.spark.SourceRange;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.backbone.Backbone;
import dev.facet.spi.run.RunContext;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;

/**
 * One partition's extraction, run by an executor: the single-machine extraction loop over the partition's
 * source range, with the executor's pooled backbone, written as shards into a local temporary folder and
 * moved shard by shard into this attempt's own folder of the store. It returns what it wrote; only the
 * driver commits it.
 */
final class PartitionTask implements scala.Function2<TaskContext, Iterator<Integer>, PartitionResult>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionTask.class);

    private final WorkerSpec worker;
    private final ImagesSpec images;
    private final Partitioning partitioning;
    private final TokenSelection tokens;
    private final StoreDtype dtype;
    private final int rowsPerShard;
    private final boolean keepPadding;
    private final String store;
    private final SerializableConfiguration hadoop;
    private final byte[] driverManifest;

    /**
     * @param driverManifest the store's manifest as the driver wrote it, whose metadata every task checks its
     *                       own against (a worker with another model file fails instead of writing other rows)
     */
    PartitionTask(WorkerSpec worker, ImagesSpec images, Partitioning partitioning, StoreDtype dtype, int rowsPerShard,
                  boolean keepPadding, String store, SerializableConfiguration hadoop, byte[] driverManifest) {
        this.worker = worker;
        this.images = images;
        this.partitioning = partitioning;
        this.tokens = worker.tokens();
        this.dtype = dtype;
        this.rowsPerShard = rowsPerShard;
        this.keepPadding = keepPadding;
        this.store = store;
        this.hadoop = hadoop;
        this.driverManifest = driverManifest.clone();
    }

    @Override
    public PartitionResult apply(TaskContext task, Iterator<Integer> ignored) {
        long started = System.nanoTime();
        int partition = task.partitionId();
        SourceRange range = partitioning.ranges().get(partition);
        String attempt = WorkFolder.attempt(partition, task.attemptNumber(), task.taskAttemptId());
        HadoopOutput output = HadoopOutput.of(store, hadoop.value());
        ImageSource source = images.open();
        Path local = Scratch.create("facet-" + attempt + "-");
        try (ExecutorResources.Lease<Backbone> backbone = ExecutorResources.backbone(worker)) {
            String hookPoint = worker.backbone().hookPoint();
            ExtractionRequest request = new ExtractionRequest(hookPoint, tokens, local, dtype, images.batch(),
                    rowsPerShard, images.threads(), 0, keepPadding);
            StoreMetadata metadata = Extraction.metadata(backbone.get().info(), request, source);
            requireDriverMetadata(metadata, attempt, output);
            try (ActivationStoreWriter writer = ActivationStoreWriter.create(local, metadata)) {
                ShardUploader uploader = new ShardUploader(writer, output, WorkFolder.attemptFolder(attempt));
                Extraction.Pass pass = Extraction.extractRange(backbone.get(), source, range.start(), range.end(),
                        request, writer, RunContext.builder().setOutputDirectory(local).build(), uploader::uploadNew);
                writer.finish();
                uploader.uploadNew();
                double seconds = (System.nanoTime() - started) / 1e9;
                LOG.info("Partition {} (images {} to {}): {} images in {} shards in {} s", partition, range.start(),
                        range.end(), pass.extracted(), uploader.shards().size(), String.format("%.2f", seconds));
                return new PartitionResult(partition, attempt, uploader.shards(),
                        pass.skipped().stream().map(PartitionResult.Skip::of).toList(), pass.extracted(), seconds);
            }
        } finally {
            Scratch.remove(local);
        }
    }

    private void requireDriverMetadata(StoreMetadata metadata, String attempt, HadoopOutput output) {
        StoreMetadata driver = ManifestJson.parse(driverManifest, output.named(ManifestJson.FILE_NAME)).metadata();
        List<String> differences = driver.differences(ManifestJson.normalize(metadata));
        if (!differences.isEmpty()) {
            throw new InvalidDataException("Task " + attempt + " on " + host() + " sees another backbone or other "
                    + "images than the driver (driver vs here): " + String.join("; ", differences) + "; every worker "
                    + "must read the same model and images");
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this executor";
        }
    }
}
