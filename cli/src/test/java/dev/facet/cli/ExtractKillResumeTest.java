package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.store.ActivationStore;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a running {@code facet extract} and checks that a rerun completes the store exactly. */
class ExtractKillResumeTest {
    private static final int COPIES = 8;

    @TempDir
    Path dir;

    /** The bundled 2,000 Fashion-MNIST images repeated {@link #COPIES} times, as one IDX file. */
    private Path manyImages() throws Exception {
        byte[] bundled = Files.readAllBytes(BundledModels.fashionMnistImages());
        int count = ByteBuffer.wrap(bundled, 4, 4).getInt();
        Path file = dir.resolve("many-idx3-ubyte");
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(0x00000803);
            out.writeInt(count * COPIES);
            out.writeInt(28);
            out.writeInt(28);
            for (int copy = 0; copy < COPIES; copy++) {
                out.write(bundled, 16, count * 28 * 28);
            }
        }
        return file;
    }

    private static Process start(Path images, Path store) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", FacetCli.class.getName(),
                "extract", "--model", "tiny-vit-fmnist", "--layer", "2", "--tokens", "patch", "--images", images.toString(),
                "--out", store.toString(), "--batch", "32", "--shard-rows", String.valueOf(49 * 64));
        return new ProgressDiscardingProcess(command).start();
    }

    @Test
    void aKilledExtractionResumesWithEveryImageExactlyOnce() throws Exception {
        Path images = manyImages();
        Path store = dir.resolve("store");
        Process first = start(images, store);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (shards(store) < 3 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(first.isAlive(), "the first run must still be running when it is killed");
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "SIGKILL");
        long partial = ActivationStore.openIncomplete(store).images();
        assertTrue(partial > 0 && partial < 2000L * COPIES, "stored before the kill: " + partial);

        Process second = start(images, store);
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the resumed run finishes");
        assertEquals(0, second.exitValue());

        ActivationStore resumed = ActivationStore.open(store);
        resumed.verify();
        assertTrue(resumed.isComplete());
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < resumed.shards().size(); s++) {
            ids.addAll(resumed.imageIds(s));
        }
        Set<String> unique = new HashSet<>(ids);
        assertEquals(ids.size(), unique.size(), "no image stored twice");
        assertEquals(ImageSources.open(images).ids(), ids, "every image, in source order");
        assertEquals(2000L * COPIES * 49, resumed.rows());
    }

    private static int shards(Path store) {
        try {
            return Files.isRegularFile(store.resolve("manifest.json")) ? ActivationStore.openIncomplete(store).shards().size() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Starts a process whose output goes to the test's output file, so pipes never fill up. */
    private record ProgressDiscardingProcess(List<String> command) {
        Process start() throws java.io.IOException {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
    }
}
