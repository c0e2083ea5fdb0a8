package dev.facet.spark.extract;

import dev.facet.extractors.images.ImageSource;
import dev.facet.extractors.images.SkippedImage;
import dev.facet.extractors.pipeline.Extraction;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.extractors.pipeline.SkippedImagesFile;
import dev.facet.extractors.store.ManifestJson;
import dev.facet.extractors.store.ShardEntry;
import dev.facet.extractors.store.StoreManifest;
import dev.facet.extractors.store.StoreMetadata;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.distributed.DistributedRun;
import dev.facet.spark.HadoopOutput;
import dev.facet.spark.ImagesSpec;
import dev.facet.spark.SparkContexts;
import dev.facet.spark.WorkerSpec;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.run.ProgressTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.SerializableConfiguration;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/** One run of the driver of a Spark extraction, on a locked store (see {@link SparkExtraction}). */
final class ExtractionDriver {
    private static final String MANIFEST = ManifestJson.FILE_NAME;
    /** Told how many files the finalization moved so far; tests interrupt it there. */
    static volatile IntConsumer afterMove = moves -> { };

    private final DistributedRun run;
    private final SparkContexts.Handle spark;
    private final HadoopOutput output;
    private final WorkFolder work;
    private final WorkerSpec worker;
    private final ImagesSpec images;
    private final ImageSource source;
    private final StoreMetadata metadata;
    private final PipelineConfig.Extract extract;
    private final long started;

    ExtractionDriver(DistributedRun run, SparkContexts.Handle spark, HadoopOutput output, WorkerSpec worker,
                     ImagesSpec images, ImageSource source, StoreMetadata metadata, PipelineConfig.Extract extract,
                     long started) {
        this.run = run;
        this.spark = spark;
        this.output = output;
        this.work = new WorkFolder(output);
        this.worker = worker;
        this.images = images;
        this.source = source;
        this.metadata = metadata;
        this.extract = extract;
        this.started = started;
    }

    SparkExtraction.Outcome run() {
        StoreManifest stored = storedManifest();
        if (stored != null && stored.complete()) {
            // The complete manifest is written last: a work folder beside it is what a kill before its
            // removal, or a straggling task attempt, left.
            work.deleteAll();
            SparkExtraction.log(run, "Spark extraction: " + output.location() + " is complete (" + stored.totalImages()
                    + " images); nothing to extract");
            return outcome(stored, readSkipped(), 0, 0, 0, 0);
        }
        if (stored == null) {
            output.writeAtomically(MANIFEST, ManifestJson.toBytes(StoreManifest.empty(metadata)));
        }
        Partitioning plan = plan();
        int skippedPartitions = 0;
        List<PartitionResult> ran = List.of();
        if (!output.exists(WorkFolder.FINALIZING)) {
            Map<Integer, PartitionResult> committed = verifiedCommitted(plan);
            int leftovers = work.deleteLeftovers();
            if (leftovers > 0) {
                SparkExtraction.log(run, "Spark extraction: removed " + leftovers
                        + " folders of task attempts an interrupted run left");
            }
            skippedPartitions = committed.size();
            List<Integer> pending = IntStream.range(0, plan.size()).filter(p -> !committed.containsKey(p))
                    .boxed().toList();
            if (skippedPartitions > 0) {
                SparkExtraction.log(run, "Spark extraction: skipped " + skippedPartitions
                        + " committed partitions of " + plan.size() + "; extracting the other " + pending.size());
            }
            ran = runJob(plan, pending);
            committed.putAll(work.committed());
            long storedImages = committed.values().stream().mapToLong(PartitionResult::images).sum();
            if (storedImages == 0) {
                throw Extraction.storedNothing(source, skipped(plan, committed));
            }
            output.writeAtomically(WorkFolder.FINALIZING, new byte[0]);
        } else {
            SparkExtraction.log(run, "Spark extraction: finishing the interrupted finalization of "
                    + output.location());
        }
        StoreManifest manifest = finish(plan, ran);
        return outcome(manifest, readSkipped(), ran.stream().mapToLong(PartitionResult::extracted).sum(),
                plan.size(), ran.size(), skippedPartitions);
    }

    /** The manifest already in the store, checked against this run's settings; null for a new store. */
    private StoreManifest storedManifest() {
        if (!output.exists(MANIFEST)) {
            List<String> present = output.list("").stream()
                    .filter(name -> !name.equals(HeartbeatLock.FILE) && !name.equals(dev.facet.spi.io.OutputLock.FILE))
                    .toList();
            if (!present.isEmpty()) {
                throw new ConfigException(SparkExtraction.FIELD + ": " + output.location() + " is not empty and "
                        + "holds no activation store (found " + present.subList(0, Math.min(5, present.size()))
                        + "); choose a new or empty folder");
            }
            return null;
        }
        StoreManifest stored = ManifestJson.parse(output.read(MANIFEST), storePath().resolve(MANIFEST));
        List<String> differences = stored.metadata().differences(metadata);
        if (!differences.isEmpty()) {
            throw new ConfigException("Activation store " + output.location() + " was written with different metadata ("
                    + "stored vs requested): " + String.join("; ", differences)
                    + ". Use a new directory or the stored settings.");
        }
        if (!stored.complete() && !stored.shards().isEmpty() && !work.exists()) {
            throw new ConfigException(SparkExtraction.FIELD + ": " + output.location() + " holds an interrupted "
                    + "single-machine extraction (" + stored.totalImages() + " images); resume it without Spark, "
                    + "or choose a new folder");
        }
        return stored;
    }

    /** The partitioning of the run this one resumes, or a new one. */
    private Partitioning plan() {
        Partitioning plan = work.plan();
        if (plan == null) {
            plan = Partitioning.split(images.fingerprint(), source.size(), metadata.imagesPerShard(),
                    spark.partitions((source.size() + metadata.imagesPerShard() - 1) / metadata.imagesPerShard()));
            work.writePlan(plan);
            SparkExtraction.log(run, "Spark extraction: " + source.size() + " images in " + plan.size()
                    + " partitions of whole shards (" + metadata.imagesPerShard() + " images each)");
            return plan;
        }
        if (!plan.fingerprint().equals(images.fingerprint()) || plan.images() != source.size()) {
            throw new InvalidDataException("Activation store " + output.location() + " was being extracted from other "
                    + "images (" + plan.images() + " then, " + source.size() + " in " + source.name() + " now); "
                    + "resume it with the same images, or choose a new folder");
        }
        if (run.spark().partitions() > 0 && run.spark().partitions() != plan.size()) {
            SparkExtraction.log(run, "Spark extraction: resuming with the " + plan.size() + " partitions of the "
                    + "interrupted run (spark.partitions " + run.spark().partitions() + " applies to new stores)");
        }
        return plan;
    }

    /** The committed partitions whose files are all there; the others are removed, to be extracted again. */
    private Map<Integer, PartitionResult> verifiedCommitted(Partitioning plan) {
        Map<Integer, PartitionResult> committed = work.committed();
        for (PartitionResult partition : List.copyOf(committed.values())) {
            String problem = partition.partition() < plan.size() ? work.problem(partition) : "not in the plan";
            if (problem != null) {
                SparkExtraction.log(run, "Spark extraction: extracting committed partition " + partition.partition()
                        + " again: " + problem);
                work.uncommit(partition.partition());
                committed.remove(partition.partition());
            }
        }
        return committed;
    }

    /** Runs one task per pending partition; the driver commits each partition as its first attempt reports. */
    private List<PartitionResult> runJob(Partitioning plan, List<Integer> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        worker.ship(spark.context());
        output.mkdirs(WorkFolder.ATTEMPTS);
        JavaRDD<Integer> partitions = spark.context().parallelize(
                IntStream.range(0, plan.size()).boxed().toList(), plan.size());
        PartitionTask task = new PartitionTask(worker, images, plan, extract.dtype(), extract.shardRows(),
                extract.keepPadding(), output.location(),
                new SerializableConfiguration(spark.context().hadoopConfiguration()),
                ManifestJson.toBytes(StoreManifest.empty(metadata)));
        List<PartitionResult> ran = new ArrayList<>();
        try (ProgressTask progress = run.progress().start("extract", pending.size(), "partitions")) {
            spark.context().setJobDescription("facet extract: " + pending.size() + " partitions of "
                    + output.location());
            spark.context().sc().runJob(partitions.rdd(), task,
                    CollectionConverters.asScala(pending.stream().map(p -> (Object) p).toList()).toSeq(),
                    (scala.Function2<Object, PartitionResult, BoxedUnit>) (index, result) -> {
                        if (work.commit(result)) {
                            ran.add(result);
                        }
                        progress.advance(1);
                        return BoxedUnit.UNIT;
                    },
                    ClassTag$.MODULE$.apply(PartitionResult.class));
        } catch (Exception e) { // Scala throws SparkException, a checked exception Java cannot name here
            throw failed(e, ran.size());
        }
        return ran;
    }

    /** The job's failure as the user sees it: the task's own error when it was Facet's, and what a rerun does. */
    private FacetException failed(Exception e, int committedNow) {
        String cause = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FacetException facet) {
                cause = facet.getMessage();
                break;
            }
        }
        return new FacetException("Spark extraction into " + output.location() + " failed: " + cause + " ("
                + committedNow + " partitions committed by this run are kept; a rerun extracts only the others)", e);
    }

    /**
     * Moves every committed partition's shards into the store, numbered in partition order, then writes
     * {@code skipped.json}, {@code provenance.json} and the complete manifest, and removes the work folder.
     * Each step can be repeated, so a rerun after a kill in the middle finishes it.
     */
    private StoreManifest finish(Partitioning plan, List<PartitionResult> ran) {
        Map<Integer, PartitionResult> committed = work.committed();
        List<ShardEntry> shards = new ArrayList<>();
        long firstImage = 0;
        int moves = 0;
        for (int p = 0; p < plan.size(); p++) {
            PartitionResult partition = committed.get(p);
            if (partition == null) {
                throw new CorruptArtifactException(storePath().resolve(WorkFolder.COMMITTED),
                        "partition " + p + " is not committed, but the store is being finalized");
            }
            for (PartitionResult.Shard shard : partition.shards()) {
                int index = shards.size();
                String folder = WorkFolder.committedFolder(p) + "/";
                move(folder + shard.file(), ShardEntry.fileName(index));
                afterMove.accept(++moves);
                move(folder + WorkFolder.idsFile(shard.file()), ShardEntry.imageIdsFileName(index));
                afterMove.accept(++moves);
                shards.add(new ShardEntry(ShardEntry.fileName(index), shard.rows(), shard.images(), firstImage,
                        shard.sha256()));
                firstImage += shard.images();
            }
        }
        StoreManifest manifest = new StoreManifest(metadata, shards, true);
        List<SkippedImage> skipped = skipped(plan, committed);
        output.writeAtomically(SkippedImagesFile.FILE, SkippedImagesFile.toBytes(skipped));
        double seconds = (System.nanoTime() - started) / 1e9;
        output.writeAtomically(Extraction.PROVENANCE, Extraction.provenanceJson(Extraction.provenance(metadata,
                extract.keepPadding(), manifest.totalImages(), manifest.totalRows(), skipped.size(), seconds,
                Map.of("spark", Map.of("master", spark.context().master(), "partitions", plan.size())))));
        output.writeAtomically(MANIFEST, ManifestJson.toBytes(manifest));
        work.deleteAll();
        SparkExtraction.log(run, "Spark extraction: finished " + output.location() + ": " + manifest.totalImages()
                + " images, " + manifest.totalRows() + " rows in " + shards.size() + " shards from " + plan.size()
                + " partitions (" + ran.size() + " extracted by this run)");
        return manifest;
    }

    /** Renames {@code from} to {@code to} unless an earlier finalization already did. */
    private void move(String from, String to) {
        if (output.exists(from)) {
            output.delete(to);
            if (!output.rename(from, to)) {
                throw new CorruptArtifactException(storePath().resolve(to), "cannot move " + from + " there");
            }
        } else if (!output.exists(to)) {
            throw new CorruptArtifactException(storePath().resolve(to), "missing, and " + from + " too");
        }
    }

    private static List<SkippedImage> skipped(Partitioning plan, Map<Integer, PartitionResult> committed) {
        List<SkippedImage> skipped = new ArrayList<>();
        for (int p = 0; p < plan.size(); p++) {
            PartitionResult partition = committed.get(p);
            if (partition != null) {
                partition.skipped().forEach(skip -> skipped.add(skip.toSkippedImage()));
            }
        }
        return skipped;
    }

    private List<SkippedImage> readSkipped() {
        return output.exists(SkippedImagesFile.FILE)
                ? SkippedImagesFile.parse(output.read(SkippedImagesFile.FILE), storePath().resolve(SkippedImagesFile.FILE))
                : List.of();
    }

    private SparkExtraction.Outcome outcome(StoreManifest manifest, List<SkippedImage> skipped, long extracted,
                                            int partitions, int ran, int skippedPartitions) {
        ExtractionResult result = new ExtractionResult(storePath(), manifest.totalImages(), extracted,
                manifest.totalRows(), skipped, (System.nanoTime() - started) / 1e9);
        return new SparkExtraction.Outcome(result, partitions, ran, skippedPartitions);
    }

    /** The store as a path: the local folder, or the path part of its URI. */
    private Path storePath() {
        return output.named("");
    }
}
