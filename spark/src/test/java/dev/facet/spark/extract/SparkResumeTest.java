package dev.facet.spark.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.facet.spark.SharedSpark;
import dev.facet.spi.OutputLockedException;
import dev.facet.spi.io.OutputLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkResumeTest {
    private static final int IMAGES = 120;
    private static final int PARTITIONS = 6;

    @TempDir
    Path dir;

    @Test
    void aKilledDriversRerunExtractsOnlyTheUncommittedPartitions() throws Exception {
        Path store = dir.resolve("store");
        Path log = dir.resolve("driver.log");
        SharedSpark.context();
        Process driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ExtractionDriverProcess.class.getName(), store.toString(), String.valueOf(IMAGES),
                String.valueOf(PARTITIONS)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await(() -> isLocked(store), "lock the store", driver, log);
            OutputLockedException locked = assertThrows(OutputLockedException.class,
                    () -> SparkFixtures.spark("onnx", SparkFixtures.fashion(IMAGES), PARTITIONS, store));
            assertTrue(locked.getMessage().contains(String.valueOf(driver.pid())), locked.getMessage());
            await(() -> committed(store) > 0, "commit a partition", driver, log);
        } finally {
            driver.destroyForcibly();
            driver.waitFor(30, TimeUnit.SECONDS);
        }
        int committed = committed(store);
        assertTrue(committed >= 1 && committed < PARTITIONS, committed + " partitions committed at the kill");

        List<String> messages = new ArrayList<>();
        SparkExtraction.Outcome rerun = SparkExtraction.extract(SparkFixtures.run(PARTITIONS, messages),
                SparkFixtures.backbone("onnx"), SparkFixtures.fashion(IMAGES), SparkFixtures.extract(),
                store.toString());
        assertEquals(committed, rerun.partitionsSkipped());
        assertEquals(PARTITIONS - committed, rerun.partitionsRun());
        assertTrue(messages.stream().anyMatch(m -> m.contains("skipped " + committed + " committed partitions")),
                messages.toString());
        Path single = dir.resolve("single");
        SparkFixtures.singleMachine(SparkFixtures.fashion(IMAGES), single);
        SparkFixtures.assertSameShards(single, store);
        assertEquals(IMAGES, rerun.result().imagesStored());
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void await(Condition condition, String what, Process driver, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.holds()) {
            if (!driver.isAlive()) {
                fail("The driver exited (" + driver.exitValue() + ") before it did " + what + ":\n"
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                fail("The driver did not " + what + " in 120 s:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Whether a driver holds the store's lock: its lock file names the holder. */
    private static boolean isLocked(Path store) throws IOException {
        Path lock = store.resolve(OutputLock.FILE);
        return Files.isRegularFile(lock) && Files.size(lock) > 0 && Files.exists(store.resolve(WorkFolder.PLAN));
    }

    private static int committed(Path store) throws IOException {
        Path folder = store.resolve(WorkFolder.COMMITTED);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        }
    }
}
