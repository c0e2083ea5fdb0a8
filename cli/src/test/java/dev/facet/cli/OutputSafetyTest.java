package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.extractors.BundledModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output paths Facet refuses (roots, system directories, empty paths, other people's directories) in
 * {@code facet run}, {@code extract}, {@code train} and {@code report}, and a report that would draw
 * nothing: each fails with the reason and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = BundledModels.NAMES.get(0);

    private Path dir;
    private Path dictionary;

    @BeforeAll
    void trainASmallDictionary(@TempDir Path temp) {
        dir = temp;
        Path store = dir.resolve("store");
        CliRun extract = CliRun.of("extract", "--model", MODEL, "--layer", "3", "--images",
                BundledModels.fashionMnistImages().toString(), "--limit", "100", "--out", store.toString());
        assertEquals(0, extract.exitCode(), extract.err());
        dictionary = dir.resolve("dictionary");
        CliRun train = CliRun.of("train", "--store", store.toString(), "--learner", "topk", "--out",
                dictionary.toString(), "--concepts", "16", "--k", "2", "--epochs", "1");
        assertEquals(0, train.exitCode(), train.err());
    }

    private Path config(String name, String output) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("output", output);
        root.put("backbone", Map.of("model", MODEL, "layer", "3"));
        root.put("images", Map.of("path", BundledModels.fashionMnistImages().toString(), "limit", 50));
        root.put("learner", Map.of("id", "topk", "concepts", 16, "k", 2, "epochs", 1));
        Path file = Files.createDirectories(dir.resolve("configs")).resolve(name + ".json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    private static void refused(CliRun run, String reason) {
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(reason), "expected '" + reason + "' in:\n" + run.err());
    }

    @Test
    void aPipelineRefusesRootsSystemDirectoriesEmptyPathsAndForeignDirectories() throws IOException {
        refused(CliRun.of("run", config("root", "/").toString()), "pipeline output / is a filesystem root");
        refused(CliRun.of("run", config("empty", "").toString()), "\"output\" is empty");
        refused(CliRun.of("run", config("climb", "../../../../../../../../etc/x").toString()),
                "pipeline output /etc/x is inside the system directory /etc");
        Path foreign = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(foreign.resolve("thesis.tex"), "keep");
        refused(CliRun.of("run", config("foreign", foreign.toString()).toString()),
                "exists and is not a pipeline output written by Facet (it holds [thesis.tex]");
        try (var entries = Files.list(foreign)) {
            assertEquals(List.of(foreign.resolve("thesis.tex")), entries.toList(), "nothing written into it");
        }
    }

    @Test
    void theStageCommandsRefuseSystemDirectoriesBeforeLoadingAnything() {
        refused(CliRun.of("extract", "--model", MODEL, "--layer", "3", "--images",
                BundledModels.fashionMnistImages().toString(), "--out", "/etc/facet-store"),
                "facet extract --out /etc/facet-store is inside the system directory /etc");
        refused(CliRun.of("train", "--store", dir.resolve("store").toString(), "--learner", "topk", "--out", "/usr/x"),
                "facet train --out /usr/x is inside the system directory /usr");
        refused(CliRun.of("report", "--model", MODEL, "--dict", dictionary.toString(), "--images",
                BundledModels.fashionMnistImages().toString(), "--out", "/"), "facet report --out / is a filesystem root");
    }

    @Test
    void aReportThatSeesNoImageFailsAndKeepsTheOlderAtlas() throws IOException {
        Path atlas = dir.resolve("atlas");
        CliRun good = CliRun.of("report", "--model", MODEL, "--dict", dictionary.toString(), "--images",
                BundledModels.fashionMnistImages().toString(), "--limit", "40", "--out", atlas.toString());
        assertEquals(0, good.exitCode(), good.err());
        byte[] concepts = Files.readAllBytes(atlas.resolve("concepts.json"));

        Path bad = Files.createDirectories(dir.resolve("bad-images"));
        Files.write(bad.resolve("zero.png"), new byte[0]);
        Files.writeString(bad.resolve("words.png"), "not a picture");
        CliRun none = CliRun.of("report", "--model", MODEL, "--dict", dictionary.toString(), "--images",
                bad.toString(), "--out", atlas.toString());
        refused(none, "No readable image in " + bad);
        assertArrayEquals(concepts, Files.readAllBytes(atlas.resolve("concepts.json")), "the older atlas is intact");
        assertTrue(Files.isRegularFile(atlas.resolve("index.html")));
        assertFalse(Files.exists(dir.resolve(".atlas.partial")), "no partial atlas left");

        Path fresh = dir.resolve("fresh-atlas");
        refused(CliRun.of("report", "--model", MODEL, "--dict", dictionary.toString(), "--images", bad.toString(),
                "--out", fresh.toString()), "No readable image");
        assertFalse(Files.exists(fresh), "no empty atlas is written");
    }
}
