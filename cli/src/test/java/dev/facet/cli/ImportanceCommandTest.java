package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facet importance} refuses what it cannot do, naming it: a backbone that cannot resume from
 * a hook point (the example plugin's pixel patches), bad settings.
 */
class ImportanceCommandTest {
    @TempDir
    static Path dir;
    static Path plugins;
    static Path dictionary;

    @BeforeAll
    static void trainOnPixelPatches() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(PluginsCommandTest.exampleJar(), plugins.resolve(PluginsCommandTest.EXAMPLE_JAR));
        Path store = dir.resolve("store");
        CliRun extract = CliRun.of("extract", "--plugins-dir", plugins.toString(), "--engine", "pixel-patches", "--model",
                "pixel-patches", "--layer", "patches", "--images", BundledModels.fashionMnistImages().toString(),
                "--limit", "20", "--out", store.toString());
        assertEquals(0, extract.exitCode(), extract.err());
        dictionary = dir.resolve("dict");
        CliRun train = CliRun.of("train", "--store", store.toString(), "--learner", "topk", "--out", dictionary.toString(),
                "--concepts", "4", "--k", "1", "--epochs", "1");
        assertEquals(0, train.exitCode(), train.err());
    }

    private static CliRun importance(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("importance", "--dict", dictionary.toString(), "--plugins-dir",
                plugins.toString(), "--engine", "pixel-patches", "--model", "pixel-patches", "--images",
                BundledModels.fashionMnistImages().toString(), "--limit", "20"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String error(CliRun run) {
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), run.err());
        return errors.get(0);
    }

    @Test
    void aBackboneThatCannotResumeIsRefusedByName() {
        String error = error(importance("--class", "1"));
        assertTrue(error.contains("'pixel-patches'") && error.contains("RESUME_FROM_HOOK"), error);
        assertTrue(!Files.exists(dictionary.resolve("importance.json")), "nothing written");
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertTrue(error(importance("--set", "designs=3")).contains("designs"));
        assertTrue(error(importance("--set", "scores=sobol,shapley")).contains("shapley"));
        assertTrue(error(importance("--set", "samples=4")).contains("samples"));
    }
}
