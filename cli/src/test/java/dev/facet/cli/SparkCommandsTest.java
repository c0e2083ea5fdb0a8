package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.store.ActivationStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --spark} in the command's own JVM (Spark is on this module's test class path): {@code facet extract
 * --spark local[2]} stores what a plain {@code facet extract} stores, {@code facet eval} and {@code facet report}
 * with it write the metrics and top images of the plain commands, and the options are refused where they cannot
 * apply.
 */
class SparkCommandsTest {
    private static final int IMAGES = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRun extract(Path out, String... more) {
        return extract(out.toString(), more);
    }

    private static CliRun extract(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("extract", "--model", "tiny-vit-fmnist", "--layer", "3",
                "--images", BundledModels.fashionMnistImages().toString(), "--limit", Integer.toString(IMAGES),
                "--shard-rows", "500", "--batch", "16", "--out", out));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void extractOnSparkIntoAUriStoresTheImagesAndRowsOfAPlainExtract() {
        CliRun plain = extract(dir.resolve("plain"));
        assertEquals(0, plain.exitCode(), plain.err());
        // a file: URI, as an hdfs:// or s3a:// one is given
        CliRun spark = extract(dir.resolve("spark").toUri().toString(), "--spark", "local[2]", "--spark-partitions", "3");
        assertEquals(0, spark.exitCode(), spark.err());
        assertTrue(spark.out().startsWith("Stored " + IMAGES + " images (" + IMAGES * 49 + " rows of layer.3 patch)"),
                spark.out());

        ActivationStore expected = ActivationStore.open(dir.resolve("plain"));
        ActivationStore actual = ActivationStore.open(dir.resolve("spark"));
        actual.verify();
        assertEquals(expected.metadata(), actual.metadata());
        assertEquals(imageIds(expected), imageIds(actual));
        assertArrayEquals(rowBytes(expected), rowBytes(actual), "the rows, bit for bit");
    }

    @Test
    void evalAndReportOnSparkWriteWhatThePlainCommandsWrite() throws Exception {
        Path dictionary = TinyDictionary.train(dir);
        String store = dir.resolve("store").toString();
        for (String[] spark : new String[][] {{}, {"--spark", "local[2]"}}) {
            String name = spark.length == 0 ? "plain" : "spark";
            // the Spark evaluation reads the store through its file: URI, as it would read hdfs://
            String storeAt = spark.length == 0 ? store : dir.resolve("store").toUri().toString();
            List<String> eval = new ArrayList<>(List.of("eval", "--dict", dictionary.toString(), "--store", storeAt,
                    "--out", dir.resolve(name + ".json").toString()));
            eval.addAll(List.of(spark));
            CliRun evaluated = CliRun.of(eval.toArray(String[]::new));
            assertEquals(0, evaluated.exitCode(), evaluated.err());
            List<String> report = new ArrayList<>(List.of("report", "--dict", dictionary.toString(), "--images",
                    BundledModels.fashionMnistImages().toString(), "--limit", "40", "--out",
                    dir.resolve(name + "-atlas").toString(), "--set", "top_images=3", "--set", "max_concepts=1"));
            report.addAll(List.of(spark));
            CliRun reported = CliRun.of(report.toArray(String[]::new));
            assertEquals(0, reported.exitCode(), reported.err());
        }
        JsonNode plain = JSON.readTree(dir.resolve("plain.json").toFile());
        JsonNode spark = JSON.readTree(dir.resolve("spark.json").toFile());
        assertEquals(plain.get("rows"), spark.get("rows"));
        assertEquals(plain.get("dead_count"), spark.get("dead_count"));
        for (String key : new String[] {"r2", "l0", "avg_l2_loss"}) {
            assertEquals(plain.get(key).asDouble(), spark.get(key).asDouble(), 1e-9, key);
        }
        JsonNode plainConcepts = JSON.readTree(dir.resolve("plain-atlas/concepts.json").toFile()).path("concepts");
        JsonNode sparkConcepts = JSON.readTree(dir.resolve("spark-atlas/concepts.json").toFile()).path("concepts");
        assertEquals(plainConcepts.size(), sparkConcepts.size());
        for (int c = 0; c < plainConcepts.size(); c++) {
            assertEquals(images(plainConcepts.get(c)), images(sparkConcepts.get(c)), "top images of concept " + c);
        }
    }

    private static List<Integer> images(JsonNode concept) {
        List<Integer> images = new ArrayList<>();
        concept.path("topImages").forEach(top -> images.add(top.path("image").asInt()));
        return images;
    }

    @Test
    void aStoreUriNeedsSpark() {
        assertRefused(extract("hdfs://namenode:8020/stores/vit"), "facet extract --out hdfs://namenode:8020/stores/vit",
                "--spark MASTER");
        assertRefused(CliRun.of("eval", "--dict", dir.resolve("dictionary").toString(), "--store",
                "hdfs://namenode:8020/stores/vit"), "facet eval --store hdfs://namenode:8020/stores/vit", "--spark MASTER");
    }

    @Test
    void sparkPartitionsNeedSpark() {
        assertRefused(extract(dir.resolve("store"), "--spark-partitions", "4"), "facet extract --spark-partitions",
                "--spark MASTER");
        assertRefused(extract(dir.resolve("store"), "--spark", "local[2]", "--spark-partitions", "-1"),
                "facet extract --spark-partitions");
        assertFalse(Files.exists(dir.resolve("store")));
    }

    private static void assertRefused(CliRun run, String... named) {
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), run.err());
        for (String name : named) {
            assertTrue(errors.get(0).contains(name), name + " in " + errors.get(0));
        }
    }

    private static List<String> imageIds(ActivationStore store) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < store.shards().size(); i++) {
            ids.addAll(store.imageIds(i));
        }
        return ids;
    }

    /** Every row of the store in order, as the bytes of its floats. */
    private static byte[] rowBytes(ActivationStore store) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < store.shards().size(); i++) {
            float[] data = store.readShard(i).data();
            ByteBuffer buffer = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(data);
            bytes.writeBytes(buffer.array());
        }
        return bytes.toByteArray();
    }
}
