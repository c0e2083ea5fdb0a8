package dev.facet.extractors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing JVM with SIGKILL at random moments and checks that resuming loses and repeats nothing. */
class ActivationStoreKillTest {

    private static final int KILLS = 4;

    @TempDir
    Path dir;

    private Process startWriter(Path store) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), StoreWriterProcess.class.getName(), store.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
    }

    private Path logFile() {
        return dir.resolve("writer.log");
    }

    private String writerLog() {
        try {
            return "writer log:\n" + Files.readString(logFile());
        } catch (IOException e) {
            return "no writer log: " + e;
        }
    }

    @Test
    void aStoreKilledAtAnyMomentResumesWithEveryImageExactlyOnce() throws IOException, InterruptedException {
        Path store = dir.resolve("store");
        SplittableRandom random = new SplittableRandom(20240601);
        long previousImages = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process writer = startWriter(store);
            int linesBeforeKill = random.nextInt(10, 40);
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                for (int line = 0; line < linesBeforeKill && out.readLine() != null; line++) {
                    // let the writer get this far, then kill it wherever it is
                }
                writer.destroyForcibly(); // SIGKILL on Unix
            }
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "the killed writer exited");

            assertTrue(Files.exists(store.resolve("manifest.json")), this::writerLog);
            ActivationStore killed = ActivationStore.openIncomplete(store);
            killed.verify();
            assertEquals(StoreFixtures.imageIds(0, killed.images()), StoreFixtures.allImageIds(killed));
            assertTrue(killed.images() >= previousImages, "no stored image is lost");
            previousImages = killed.images();
        }

        Process finisher = startWriter(store);
        finisher.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertTrue(finisher.waitFor(120, TimeUnit.SECONDS), "the last writer finished");
        assertEquals(0, finisher.exitValue(), this::writerLog);

        ActivationStore complete = ActivationStore.open(store);
        complete.verify();
        assertTrue(complete.isComplete());
        assertEquals(StoreFixtures.imageIds(0, StoreWriterProcess.IMAGES), StoreFixtures.allImageIds(complete));
        assertEquals(StoreFixtures.expectedRows(StoreWriterProcess.IMAGES, StoreWriterProcess.TOKENS,
                StoreWriterProcess.DIM), StoreFixtures.drain(complete.openBatches(64, false, 0), StoreWriterProcess.DIM));
    }
}
