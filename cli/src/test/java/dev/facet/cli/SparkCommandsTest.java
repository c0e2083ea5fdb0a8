package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * --spark local[2]} stores what a plain {@code facet extract} stores, and the options are refused where they
 * cannot apply.
 */
class SparkCommandsTest {
    private static final int IMAGES = 60;

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
    void extractOnSparkStoresTheImagesAndRowsOfAPlainExtract() {
        CliRun plain = extract(dir.resolve("plain"));
        assertEquals(0, plain.exitCode(), plain.err());
        CliRun spark = extract(dir.resolve("spark"), "--spark", "local[2]", "--spark-partitions", "3");
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
    void aStoreUriNeedsSpark() {
        assertRefused(extract("hdfs://namenode:8020/stores/vit"), "facet extract --out hdfs://namenode:8020/stores/vit",
                "--spark MASTER");
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
