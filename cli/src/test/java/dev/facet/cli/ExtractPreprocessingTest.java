package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.extractors.store.StoreDigests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facet extract} with the preprocessing given as options instead of a model descriptor. */
class ExtractPreprocessingTest {
    private static final Path TINY_VIT = Path.of("..", "samples", "models", "tiny-vit", "tiny-vit.onnx");
    /** A tensor of the graph (the residual stream after block 3), a hook point with or without the descriptor. */
    private static final String TENSOR = "/blocks.2/Add_1_output_0";

    @TempDir
    Path dir;

    private CliRun extract(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("extract", "--model", TINY_VIT.toString(), "--layer", TENSOR,
                "--images", BundledModels.fashionMnistImages().toString(), "--limit", "40", "--batch", "16",
                "--out", dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The digests of the files that hold the rows: shards and their image lists, not the manifest naming the model. */
    private static Map<String, String> rows(Path store) {
        Map<String, String> rows = new TreeMap<>(StoreDigests.of(store));
        rows.keySet().removeIf(name -> !name.startsWith("shard-"));
        return rows;
    }

    @Test
    void optionsWithoutADescriptorStoreTheSameBytesAsTheBundledDescriptor() {
        CliRun described = extract("described", "--descriptor", "tiny-vit-fmnist");
        assertEquals(0, described.exitCode(), described.err());
        CliRun options = extract("options", "--input-size", "28", "--mean", "0.286", "--std", "0.353", "--order", "gray");
        assertEquals(0, options.exitCode(), options.err());
        assertTrue(options.out().startsWith("Stored 40 images (1960 rows of " + TENSOR + " patch)"), options.out());
        Map<String, String> expected = rows(dir.resolve("described"));
        assertFalse(expected.isEmpty());
        assertEquals(expected, rows(dir.resolve("options")));
        assertEquals(ActivationStore.open(dir.resolve("described")).metadata().preprocessing(),
                ActivationStore.open(dir.resolve("options")).metadata().preprocessing());
        CliRun bare = extract("bare");
        assertEquals(0, bare.exitCode(), bare.err());
        assertEquals(List.of(0.0), ActivationStore.open(dir.resolve("bare")).metadata().preprocessing().get("mean"));
    }

    @Test
    void badOptionsNameTheKeyAndTheValue() {
        Map<String, String> cases = Map.of(
                "--mean", "invalid mean: 0.2,x; expected one value for all channels or one per channel",
                "--std", "invalid std: 0; expected one value for all channels or one per channel",
                "--input-size", "invalid input_size: 28x; expected N or HxW, each side in [1, 4096]",
                "--order", "invalid order: 'rgba'; allowed: [rgb, bgr, gray]",
                "--resize", "invalid resize: 'squash'; allowed: [stretch, shorter-side-center-crop, pad");
        Map<String, String> values = Map.of("--mean", "0.2,x", "--std", "0", "--input-size", "28x", "--order", "rgba",
                "--resize", "squash");
        cases.forEach((option, message) -> {
            CliRun run = extract("bad", option, values.get(option));
            assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), option);
            assertTrue(run.err().startsWith("error: facet extract: " + message), run.err());
        });
        CliRun wrongSize = extract("bad", "--input-size", "32");
        assertEquals(FacetCli.EXIT_FAILURE, wrongSize.exitCode());
        assertTrue(wrongSize.err().contains("invalid input_size: 32; the model's input has shape [?, 1, 28, 28]"),
                wrongSize.err());
    }
}
