package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facet report} takes the model, layer, tokens and preprocessing a dictionary was trained on
 * from its record, and refuses others naming both.
 */
class ReportCommandTest {
    /** The bundled descriptor's preprocessing, which the store records. */
    private static final String RECORDED = "1x28x28 gray stretch mean [0.286] std [0.353]";

    @TempDir
    static Path dir;
    static Path dictionary;

    @BeforeAll
    static void trainTinyDictionary() {
        dictionary = TinyDictionary.train(dir);
    }

    private static CliRun report(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("report", "--dict", dictionary.toString(), "--images",
                BundledModels.fashionMnistImages().toString(), "--limit", "12", "--out", dir.resolve(out).toString(),
                "--set", "top_images=2", "--set", "max_concepts=2"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertRefused(CliRun run, String... named) {
        assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), run.err());
        for (String name : named) {
            assertTrue(errors.get(0).contains(name), name + " in " + errors.get(0));
        }
    }

    @Test
    void withoutModelOptionsTheRecordedModelLayerTokensAndPreprocessingAreUsed() {
        CliRun run = report("atlas");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("warning"), run.err());
        assertTrue(Files.isRegularFile(dir.resolve("atlas/index.html")));
        // the same preprocessing given explicitly is accepted too
        CliRun same = report("same", "--model", "tiny-vit-fmnist", "--descriptor", "tiny-vit-fmnist", "--layer", "3",
                "--tokens", "patch");
        assertEquals(0, same.exitCode(), same.err());
    }

    @Test
    void anotherPreprocessingIsRefusedNamingBoth() {
        assertRefused(report("mean", "--mean", "0"), RECORDED, "1x28x28 gray stretch mean [0.0] std [0.353]",
                "--mean");
        assertRefused(report("resize", "--model", "tiny-vit-fmnist", "--resize", "pad"), RECORDED,
                "1x28x28 gray pad mean [0.286] std [0.353]");
        assertFalse(Files.exists(dir.resolve("mean/index.html")));
    }

    @Test
    void otherTokensOrAnotherLayerAreRefusedNamingBoth() {
        assertRefused(report("cls", "--tokens", "cls"), "tokens patch", "--tokens gives cls");
        assertRefused(report("layer", "--layer", "2"), "layer layer.3", "--layer gives layer.2");
    }

    @Test
    void aDictionaryWhoseStoreIsGoneIsDrawnWithAWarningThatItCannotBeChecked() throws Exception {
        Path copy = dir.resolve("moved-dict");
        Files.createDirectories(copy);
        try (var files = Files.list(dictionary)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        Path provenance = copy.resolve("provenance.json");
        Files.writeString(provenance, Files.readString(provenance).replace(dir.resolve("store").toAbsolutePath().toString(),
                dir.resolve("gone").toAbsolutePath().toString()));
        CliRun run = CliRun.of("report", "--dict", copy.toString(), "--images", BundledModels.fashionMnistImages().toString(),
                "--limit", "12", "--out", dir.resolve("unchecked").toString(), "--set", "max_concepts=2");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().filter(line -> line.contains("cannot be checked")).count(), run.err());
    }
}
