package dev.facet.spark.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.extractors.pipeline.ExtractionResult;
import dev.facet.json.StrictJson;
import dev.facet.pipeline.PipelineConfig;
import dev.facet.pipeline.Stages;
import dev.facet.spark.HadoopOutput;
import dev.facet.spark.SharedSpark;
import dev.facet.spark.WorkerSpec;
import dev.facet.spark.evaluate.SparkEvaluation;
import dev.facet.spi.OutputLockedException;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs with their store on HDFS, an in-JVM cluster of one name node and one data node: the extraction
 * (local[2,2]) writes through Hadoop's {@code FileSystem} API the shards a single-machine extraction writes to
 * local disk, resumes, and is locked by the heartbeat lock; the evaluation reads the store from HDFS.
 */
class HdfsStoreTest {
    private static final int IMAGES = 120;
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    static Path dir;

    private static MiniDFSCluster cluster;
    private static String hdfs;
    private static Path single;
    private static ExtractionResult singleResult;
    private static SparkExtraction.Outcome outcome;

    @BeforeAll
    static void extractOnHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        SharedSpark.context();
        single = dir.resolve("single");
        singleResult = SparkFixtures.singleMachine(SparkFixtures.fashion(IMAGES), single);
        outcome = SparkExtraction.extract(SparkFixtures.run(4), SparkFixtures.backbone("onnx"),
                SparkFixtures.fashion(IMAGES), SparkFixtures.extract(), hdfs + "/stores/a");
    }

    @AfterAll
    static void stop() throws IOException {
        if (cluster != null) {
            FileSystem.get(URI.create(hdfs), new Configuration()).close();
            cluster.shutdown();
        }
    }

    private static HadoopOutput output(String store) {
        return HadoopOutput.of(hdfs + store, SharedSpark.context().hadoopConfiguration());
    }

    @Test
    void shardsEqualTheSingleMachineExtractionByteForByte() throws IOException {
        assertEquals(4, outcome.partitionsRun());
        assertEquals(IMAGES, outcome.result().imagesThisRun());
        assertEquals(singleResult.rows(), outcome.result().rows());
        HadoopOutput store = output("/stores/a");
        List<String> files = store.list("");
        assertFalse(files.contains(WorkFolder.WORK), "no work folder is left: " + files);
        assertFalse(files.contains(HeartbeatLock.FILE), "the lock is released: " + files);
        assertTrue(files.stream().noneMatch(name -> name.contains(".tmp-") || name.endsWith(".crc")), files.toString());

        Path copy = Files.createDirectories(dir.resolve("copy"));
        for (String file : files) {
            store.download(file, copy.resolve(file));
        }
        SparkFixtures.assertSameShards(single, copy);
    }

    @Test
    void aRerunOnTheCompleteStoreExtractsNothing() {
        SparkExtraction.Outcome again = SparkExtraction.extract(SparkFixtures.run(4), SparkFixtures.backbone("onnx"),
                SparkFixtures.fashion(IMAGES), SparkFixtures.extract(), hdfs + "/stores/a");
        assertEquals(0, again.partitionsRun());
        assertEquals(0, again.result().imagesThisRun());
        assertEquals(IMAGES, again.result().imagesStored());
        assertFalse(output("/stores/a").exists(HeartbeatLock.FILE));
    }

    @Test
    void aSecondDriverIsRefusedWhileAnotherHoldsTheLock() {
        HadoopOutput store = output("/stores/locked");
        try (HeartbeatLock held = HeartbeatLock.acquire(store, "application-1-other", HOUR, HOUR)) {
            OutputLockedException locked = assertThrows(OutputLockedException.class, () -> SparkExtraction.extract(
                    SparkFixtures.run(2), SparkFixtures.backbone("onnx"), SparkFixtures.fashion(20),
                    SparkFixtures.extract(), hdfs + "/stores/locked"));
            assertTrue(locked.getMessage().contains("application-1-other"), locked.getMessage());
            assertEquals(List.of(HeartbeatLock.FILE), store.list(""), "the refused driver wrote nothing");
        }
        assertEquals(List.of(), store.list(""), "the holder removed its lock");
    }

    @Test
    void anAtomicWriteReplacesAnExistingFileAndLeavesNoTemporaryFile() {
        HadoopOutput folder = output("/files");
        folder.writeAtomically("a.json", "old".getBytes(StandardCharsets.UTF_8));
        folder.writeAtomically("a.json", "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", new String(folder.read("a.json"), StandardCharsets.UTF_8));
        assertEquals(List.of("a.json"), folder.list(""));
    }

    @Test
    void theEvaluationOfTheHdfsStoreEqualsTheEvaluationOfTheLocalStore() {
        Stages stages = new Stages(WorkerSpec.of(SparkFixtures.backbone("onnx"), List.of()).registry(),
                ProgressListener.silent(), m -> { });
        Path dictionary = dir.resolve("dictionary");
        PipelineConfig.Learner learner = new PipelineConfig.Learner("topk",
                Map.of("concepts", 64, "k", 4, "epochs", 1, "batch_size", 256));
        try (Dictionary trained = stages.train(learner, single, dictionary, 3, 0.1)) {
            assertEquals(64, trained.info().concepts());
        }
        PipelineConfig.Evaluate evaluate = new PipelineConfig.Evaluate(0, 1024, false, 0.1);
        Path local = dir.resolve("local.json");
        Path remote = dir.resolve("hdfs.json");
        SparkEvaluation.run(SparkFixtures.run(3), null, dictionary, single.toString(), evaluate, local);
        SparkEvaluation.run(SparkFixtures.run(3), null, dictionary, hdfs + "/stores/a", evaluate, remote);

        ObjectNode expected = (ObjectNode) StrictJson.readArtifact(local, null);
        ObjectNode actual = (ObjectNode) StrictJson.readArtifact(remote, null);
        assertEquals(hdfs + "/stores/a", actual.path("store").asText());
        assertTrue(actual.has("held_out"), "the held-out split is made again on the HDFS store");
        for (ObjectNode metrics : List.of(expected, actual)) {
            metrics.remove(List.of("store", "seconds"));
            ((ObjectNode) metrics.path("held_out")).remove("seconds");
        }
        assertEquals(expected, actual);
    }
}
