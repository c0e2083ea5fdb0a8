package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.store.ActivationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a running {@code facet extract} and checks that a rerun completes the store exactly. */
class ExtractKillResumeTest {
    private static final int COPIES = 8;

    @TempDir
    Path dir;

    @RegisterExtension
    final CliProcesses cli = new CliProcesses();

    private Process start(Path images, Path store) throws Exception {
        return cli.start(dir.resolve("extract.log"), List.of("extract", "--model", "tiny-vit-fmnist", "--layer", "2",
                "--tokens", "patch", "--images", images.toString(), "--out", store.toString(), "--batch", "32",
                "--shard-rows", String.valueOf(49 * 64)));
    }

    @Test
    void aKilledExtractionResumesWithEveryImageExactlyOnce() throws Exception {
        Path images = FashionMnistCopies.write(dir.resolve("many-idx3-ubyte"), COPIES);
        Path store = dir.resolve("store");
        Process first = start(images, store);
        assertTrue(CliProcesses.awaitWhileAlive(first, () -> shards(store) >= 3, 120), "3 shards written while running");
        CliProcesses.kill(first, dir.resolve("extract.log"));
        long partial = ActivationStore.openIncomplete(store).images();
        assertTrue(partial > 0 && partial < FashionMnistCopies.BUNDLED * COPIES, "stored before the kill: " + partial);

        assertEquals(0, CliProcesses.finish(start(images, store), dir.resolve("extract.log"), 300), "the resumed run");

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
        assertEquals(FashionMnistCopies.BUNDLED * COPIES * 49, resumed.rows());
    }

    private static int shards(Path store) {
        try {
            return Files.isRegularFile(store.resolve("manifest.json")) ? ActivationStore.openIncomplete(store).shards().size() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
