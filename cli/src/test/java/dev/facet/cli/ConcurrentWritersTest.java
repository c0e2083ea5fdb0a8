package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.io.DictionaryFiles;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.images.ImageSources;
import dev.facet.extractors.pipeline.LimitedImageSource;
import dev.facet.extractors.store.ActivationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code facet extract} (and two {@code facet train}) processes started together into one
 * {@code --out}, {@code facet.race.runs} times (default {@value #DEFAULT_RUNS}): every run must end
 * with one writer that succeeded and one refused at once with a non-zero exit and a message naming
 * the holder's pid, or with both succeeding one after the other; and the artifact must be correct
 * (a verified, complete store with every image once, in order; a dictionary equal to one trained alone).
 */
class ConcurrentWritersTest {
    private static final int DEFAULT_RUNS = 7;
    private static final int IMAGES = 200;
    private static final int RUNS = Integer.getInteger("facet.race.runs", DEFAULT_RUNS);

    @TempDir
    Path dir;

    @RegisterExtension
    final CliProcesses processes = new CliProcesses();

    /** Checks the artifact of one run. */
    @FunctionalInterface
    private interface RunCheck {
        void check(int run) throws IOException;
    }

    /** How the two writers of one run ended. */
    private enum Outcome { ONE_REFUSED, BOTH_SEQUENTIAL }

    @Test
    void twoExtractionsIntoOneStoreNeverCorruptIt() throws Exception {
        List<String> expectedIds = LimitedImageSource.of(ImageSources.open(BundledModels.fashionMnistImages()), IMAGES)
                .ids();
        race("extract", run -> List.of("extract", "--model", BundledModels.NAMES.get(0), "--layer", "2",
                "--images", BundledModels.fashionMnistImages().toString(), "--limit", String.valueOf(IMAGES),
                "--out", dir.resolve("store-" + run).toString(), "--batch", "16", "--shard-rows", String.valueOf(49 * 16)),
                run -> {
                    ActivationStore store = ActivationStore.open(dir.resolve("store-" + run));
                    store.verify();
                    assertTrue(store.isComplete(), "run " + run + ": complete");
                    List<String> ids = new ArrayList<>();
                    for (int s = 0; s < store.shards().size(); s++) {
                        ids.addAll(store.imageIds(s));
                    }
                    assertEquals(expectedIds, ids, "run " + run + ": every image once, in source order");
                    assertEquals(IMAGES * 49L, store.rows());
                });
    }

    @Test
    void twoTrainingsIntoOneDictionaryNeverMixIt() throws Exception {
        Path store = dir.resolve("store");
        PlantedStores.write(store, 300, 4, 32, 4 * 64, 3);
        Path alone = dir.resolve("alone");
        Process reference = start(train(store, alone), dir.resolve("alone.log"));
        assertTrue(reference.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, reference.exitValue(), () -> text(dir.resolve("alone.log")));
        byte[] expected = Files.readAllBytes(alone.resolve(DictionaryFiles.WEIGHTS));
        race("train", run -> train(store, dir.resolve("dict-" + run)), run -> {
            Path dictionary = dir.resolve("dict-" + run);
            assertEquals("topk", DictionaryFiles.read(dictionary).learner(), "run " + run);
            assertArrayEquals(expected, Files.readAllBytes(dictionary.resolve(DictionaryFiles.WEIGHTS)),
                    "run " + run + ": the dictionary one training alone makes");
        });
    }

    private static List<String> train(Path store, Path out) {
        return List.of("train", "--store", store.toString(), "--learner", "topk", "--out", out.toString(),
                "--concepts", "32", "--k", "4", "--epochs", "3", "--batch", "64", "--seed", "2",
                "--set", "checkpoint_every=4");
    }

    private void race(String name, java.util.function.IntFunction<List<String>> arguments, RunCheck check)
            throws Exception {
        int refused = 0;
        int sequential = 0;
        long begun = System.nanoTime();
        for (int run = 0; run < RUNS; run++) {
            Path logA = dir.resolve(name + "-" + run + "-a.log");
            Path logB = dir.resolve(name + "-" + run + "-b.log");
            Process a = start(arguments.apply(run), logA);
            Process b = start(arguments.apply(run), logB);
            assertTrue(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS), "both writers end");
            Outcome outcome = outcome(a, logA, b, logB);
            if (outcome == Outcome.ONE_REFUSED) {
                refused++;
            } else {
                sequential++;
            }
            check.check(run);
        }
        System.out.printf(Locale.ROOT, "%s race: %d runs, %d with one writer refused, %d with both in turn, %.1f s%n",
                name, RUNS, refused, sequential, (System.nanoTime() - begun) / 1e9);
    }

    private static Outcome outcome(Process a, Path logA, Process b, Path logB) {
        String context = "writer A (pid " + a.pid() + ", exit " + a.exitValue() + "):\n" + text(logA)
                + "\nwriter B (pid " + b.pid() + ", exit " + b.exitValue() + "):\n" + text(logB);
        if (a.exitValue() == 0 && b.exitValue() == 0) {
            return Outcome.BOTH_SEQUENTIAL;
        }
        assertTrue(a.exitValue() == 0 || b.exitValue() == 0, "one writer succeeds\n" + context);
        Process winner = a.exitValue() == 0 ? a : b;
        String loserLog = text(a.exitValue() == 0 ? logB : logA);
        assertEquals(FacetCli.EXIT_FAILURE, (a.exitValue() == 0 ? b : a).exitValue(), context);
        assertTrue(loserLog.contains("is being written by another Facet process")
                && loserLog.contains("pid " + winner.pid() + " on host "), "the refusal names the holder\n" + context);
        return Outcome.ONE_REFUSED;
    }

    private Process start(List<String> arguments, Path log) throws IOException {
        return processes.start(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), log, arguments);
    }

    private static String text(Path file) {
        return CliProcesses.text(file);
    }
}
