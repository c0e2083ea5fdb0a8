package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.extractors.store.ActivationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a TopK SAE from a store more than four times larger than the trainer JVM's whole heap
 * ({@code -Xmx64m}, in a subprocess): the run must complete and write its dictionary, and the used
 * heap after a full GC, sampled every 50 steps by {@link TrainHeapProbe}, must stay low and flat.
 * A reader or trainer that kept the rows it had seen would run out of memory a quarter of the way
 * in; one that leaked per step would show a rising series.
 */
class TrainStreamingMemoryTest {
    private static final int HEAP_MB = 64;
    private static final int DIM = 128;
    private static final int TOKENS = 64;
    private static final int ROWS_PER_SHARD = 8192;
    /** 8,750 images x 64 rows x 128 floats x 4 bytes: 286.7 MB, 4.27 times 64 MiB. */
    private static final int IMAGES = 8750;
    private static final int BATCH = 1024;
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aStoreFourTimesTheHeapTrainsWithFlatHeapUse() throws Exception {
        Path store = dir.resolve("store");
        long started = System.nanoTime();
        PlantedStores.write(store, IMAGES, TOKENS, DIM, ROWS_PER_SHARD, 11);
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        long rows = (long) IMAGES * TOKENS;
        assertEquals(rows, ActivationStore.open(store).rows());
        long storeBytes = PlantedStores.shardBytes(store);
        assertTrue(storeBytes >= 4L * HEAP_MB * MB, "store of " + storeBytes + " bytes is at least 4x the heap");

        Path out = dir.resolve("sae");
        Path log = dir.resolve("probe.log");
        List<String> command = List.of(PlantedStores.java(), "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                TrainHeapProbe.class.getName(), store.toString(), out.toString());
        started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "training finishes");
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        List<String> lines = Files.readAllLines(log);
        assertEquals(0, process.exitValue(), () -> "exit code; output:\n" + String.join("\n", tail(lines, 40)));

        assertTrue(Files.isRegularFile(out.resolve(DictionaryFiles.WEIGHTS)), "weights written");
        assertTrue(Files.isRegularFile(out.resolve(DictionaryFiles.CONFIG)), "config written");
        assertTrue(Files.isRegularFile(out.resolve(DictionaryFiles.PROVENANCE)), "provenance written");

        long maxHeap = -1;
        List<Long> samples = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts[0].equals("max-heap")) {
                maxHeap = Long.parseLong(parts[1]);
            } else if (parts[0].equals("heap") || parts[0].equals("heap-end")) {
                samples.add(Long.parseLong(parts[parts.length - 1]));
            }
        }
        System.out.printf(java.util.Locale.ROOT, "TrainStreamingMemoryTest: store %d MiB written in %.1f s; "
                        + "training subprocess (-Xmx%dm, max heap %d MiB) %.1f s; used heap after GC every %d steps, "
                        + "then after saving (KiB): %s%n", storeBytes / MB, writeSeconds, HEAP_MB, maxHeap / MB,
                trainSeconds, TrainHeapProbe.SAMPLE_EVERY, samples.stream().map(s -> s / 1024).toList());
        assertTrue(maxHeap > 0 && maxHeap <= HEAP_MB * MB, "the probe ran with -Xmx" + HEAP_MB + "m: " + maxHeap);
        long steps = (rows + BATCH - 1) / BATCH;
        assertEquals(steps / TrainHeapProbe.SAMPLE_EVERY + 1, samples.size(),
                "a sample every " + TrainHeapProbe.SAMPLE_EVERY + " steps, plus one at the end: " + lines);

        long peak = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(peak < 48 * MB, "used heap stays below 48 MiB: " + samples);
        long early = samples.subList(0, 3).stream().mapToLong(Long::longValue).max().orElseThrow();
        long late = samples.subList(samples.size() - 4, samples.size() - 1).stream().mapToLong(Long::longValue)
                .max().orElseThrow();
        assertTrue(late <= early + 8 * MB, "used heap is flat: early " + early / 1024 + " KiB, late "
                + late / 1024 + " KiB; samples " + samples);
    }

    private static List<String> tail(List<String> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }
}
