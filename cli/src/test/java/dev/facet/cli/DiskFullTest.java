package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.ShardEntry;
import dev.facet.spi.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs {@code facet run} ({@link FaultPipeline}) out of disk space in one write each — an activation
 * store shard, the dictionary's weights, the atlas's data — and checks that it exits 1 with an
 * error naming the file and "No space left on device", that it leaves its artifacts resumable,
 * and that a rerun with space completes with the artifacts of an uninterrupted run.
 *
 * <p>The disk is full for one file only, and for real: while the run is going, the test links
 * that file's {@code NAME.tmp} (where {@link AtomicFiles} writes before its rename) to
 * {@code /dev/full}, whose every write fails with {@code ENOSPC}. This needs neither root nor a
 * mount, unlike a small tmpfs, so it runs in any Linux container.
 */
class DiskFullTest {
    private static final Path FULL = Path.of("/dev/full");

    @RegisterExtension
    final CliProcesses cli = new CliProcesses();

    @BeforeAll
    static void aFullDeviceExists() {
        assumeTrue(Files.exists(FULL) && !Files.isRegularFile(FULL) && Files.isWritable(FULL),
                "/dev/full is needed to make writes fail with ENOSPC");
    }

    @Test
    void aShardWriteOnAFullDiskFailsAndTheRerunCompletesTheStore() throws Exception {
        Path store = FaultPipeline.output().resolve("store");
        int shard = 5;
        runOutOfSpace("store shard", () -> Files.isRegularFile(store.resolve("manifest.json")) ? store : null,
                ShardEntry.fileName(shard));
        // closing the writer retries the failed shard once, after the partial file was removed
        ActivationStore left = ActivationStore.openIncomplete(store);
        left.verify();
        assertTrue(left.shards().size() >= shard, "the shards written before the failed one stay listed");
        assertFalse(left.isComplete(), "the store stays incomplete");
        assertRerunCompletes("store shard");
    }

    @Test
    void aDictionarySaveOnAFullDiskFailsAndTheRerunResumesTraining() throws Exception {
        Path dictionary = FaultPipeline.output().resolve("dictionary");
        runOutOfSpace("dictionary weights", () -> Files.isDirectory(dictionary) ? dictionary : null,
                "weights.safetensors");
        assertFalse(Files.exists(dictionary.resolve("config.json")), "no dictionary was saved");
        assertTrue(Files.isRegularFile(dictionary.resolve("checkpoint/checkpoint.json")), "the checkpoint stays");
        assertTrue(assertRerunCompletes("dictionary weights").contains("resuming from the checkpoint"));
    }

    @Test
    void anAtlasWriteOnAFullDiskFailsAndTheRerunWritesTheAtlas() throws Exception {
        runOutOfSpace("atlas page", DiskFullTest::atlasBeingWritten, "index.html");
        assertTrue(FaultPipeline.running("report"), "the report stage stays incomplete");
        assertRerunCompletes("atlas page");
    }

    @Test
    void anAtlasDataWriteOnAFullDiskFailsAndTheRerunWritesTheAtlas() throws Exception {
        // concepts.json is written before index.html: a failure here once left a directory that every
        // rerun refused as "not an atlas"
        runOutOfSpace("atlas data", DiskFullTest::atlasBeingWritten, "concepts.json");
        assertTrue(FaultPipeline.running("report"), "the report stage stays incomplete");
        assertRerunCompletes("atlas data");
    }

    /**
     * Starts the run, makes {@code file} in the directory that {@code directory} returns (null until
     * it exists) unwritable with ENOSPC, and checks how the run fails.
     */
    private void runOutOfSpace(String what, Supplier<Path> directory, String file) throws Exception {
        Path output = FaultPipeline.output();
        FaultPipeline.reference(cli);
        FaultPipeline.clean();
        Path log = output.resolveSibling("full.log");
        Process run = cli.start(log, FaultPipeline.args());
        Path[] found = new Path[1];
        assertTrue(CliProcesses.awaitWhileAlive(run, () -> (found[0] = directory.get()) != null, 240),
                () -> what + ": the directory did not appear while facet ran; output:\n" + CliProcesses.text(log));
        Path target = found[0].resolve(file);
        Path tmp = AtomicFiles.tmpFor(target);
        Files.createSymbolicLink(tmp, FULL);
        long started = System.nanoTime();
        int code = CliProcesses.finish(run, log, 300);
        String text = CliProcesses.text(log);
        assertEquals(FacetCli.EXIT_FAILURE, code, () -> what + ": exit code; output:\n" + text);
        String error = text.lines().filter(line -> line.startsWith("error: ")).findFirst().orElse("");
        assertTrue(error.contains(target.toString()) && error.contains("No space left on device"),
                () -> what + ": the error names the file and the cause; output:\n" + text);
        assertFalse(Files.exists(tmp, LinkOption.NOFOLLOW_LINKS), what + ": the partial file " + tmp + " is removed");
        System.out.printf(Locale.ROOT, "DiskFullTest: %s: exit %d %.1f s after the disk filled: %s%n", what, code,
                (System.nanoTime() - started) / 1e9, error);
    }

    /** Reruns with space available; returns its output. */
    private String assertRerunCompletes(String what) throws Exception {
        Path log = FaultPipeline.output().resolveSibling("rerun.log");
        long started = System.nanoTime();
        int code = cli.run(log, 300, FaultPipeline.args());
        String text = CliProcesses.text(log);
        assertEquals(0, code, () -> what + ": the rerun; output:\n" + text);
        FaultPipeline.assertSameArtifacts(FaultPipeline.reference(cli), FaultPipeline.output(), what + " rerun");
        System.out.printf(Locale.ROOT, "DiskFullTest: %s: rerun %.1f s%n", what, (System.nanoTime() - started) / 1e9);
        return text;
    }

    /** The directory the report stage is writing its atlas into, or null before it starts. */
    private static Path atlasBeingWritten() {
        Path output = FaultPipeline.output();
        if (!FaultPipeline.running("report") || !Files.isDirectory(output)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(output)) {
            return entries.filter(Files::isDirectory).filter(dir -> dir.getFileName().toString().contains("atlas"))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
