package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.dictionaries.sae.SaeLearners;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.store.ActivationStore;
import dev.facet.spi.config.ConfigValues;
import dev.facet.spi.dictionary.Dictionary;
import dev.facet.spi.run.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input catalogue: each case damages one input of one command (a config, a model, a
 * store, a dictionary, an image folder, an option) and asserts how the command ends: exit code 1,
 * exactly one {@code error:} message on stderr (a line, plus one indented line per problem when
 * there are several) that names the damaged file or field and says what is wrong, and no stack
 * trace. Cases run in-process through {@link FacetCli#execute} on copies of a
 * small planted store and a tiny TopK dictionary trained on it once.
 */
class HostileInputTest {
    private static final int DIM = 16;

    @TempDir
    static Path fixtures;
    static Path store;
    static Path dictionary;

    @TempDir
    Path dir;

    /**
     * One damaged input.
     *
     * @param name      what is damaged
     * @param arguments the command line, given the case's own directory (where {@code setup} wrote)
     * @param expected  fragments the error line must contain (lower-cased comparison)
     */
    record Case(String name, Function<Path, String[]> arguments, String... expected) {
    }

    @BeforeAll
    static void fixtures() {
        store = fixtures.resolve("store");
        PlantedStores.write(store, 32, 4, DIM, 64, 5);
        dictionary = fixtures.resolve("dict");
        var topk = SaeLearners.factories().stream().filter(f -> f.id().equals("topk")).findFirst().orElseThrow();
        try (Dictionary trained = topk.create(ConfigValues.of("test", Map.of("concepts", 32, "k", 2, "epochs", 1,
                "batch_size", 32, "checkpoint_every", 0))).fit(ActivationStore.open(store),
                RunContext.builder().setOutputDirectory(dictionary).optSeed(1).build())) {
            trained.save(dictionary);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // pipeline configs
        cases.add(new Case("config: a key given twice", d -> run(write(d, "c.json",
                "{\"output\": \"o\",\n \"seed\": 1,\n \"seed\": 2}")), "c.json", "line 3", "'seed' is given twice"));
        cases.add(new Case("config: content after the document", d -> run(write(d, "c.json",
                "{\"output\": \"o\"} trailing")), "c.json", "line 1", "trailing"));
        cases.add(new Case("config: not an object", d -> run(write(d, "c.json", "[1, 2]")), "c.json",
                "expected a json object, found an array"));
        cases.add(new Case("config: empty file", d -> run(write(d, "c.json", "")), "c.json", "empty"));
        cases.add(new Case("config: unknown top-level key", d -> run(write(d, "c.json", config("o", "\"sed\": 1"))),
                "c.json", "sed"));
        cases.add(new Case("config: learner setting that contradicts the learner", d -> run(write(d, "c.json",
                config("o", null).replace("\"k\": 2", "\"k\": 2, \"sparsifier\": \"jumprelu\""))),
                "nothing was run", "sparsifier"));
        cases.add(new Case("config: unknown learner", d -> run(write(d, "c.json",
                config("o", null).replace("\"topk\"", "\"topkk\""))), "topkk", "topk"));
        cases.add(new Case("config: images that do not exist", d -> run(write(d, "c.json",
                config("o", null).replace(images(), d.resolve("nope").toString()))), "nope", "does not exist"));
        cases.add(new Case("config: missing file", d -> run(d.resolve("absent.json").toString()), "absent.json",
                "does not exist"));
        // models
        cases.add(new Case("model: a file of random bytes", d -> extract(d, write(d, "m.onnx", "not a protobuf at all")),
                "m.onnx"));
        cases.add(new Case("model: the bundled model cut in half", d -> extract(d, truncated(d)), "half.onnx"));
        cases.add(new Case("model: an unknown layer", d -> new String[] {"extract", "--model", BundledModels.NAMES.get(0),
                "--layer", "99", "--images", images(), "--out", d.resolve("s").toString()}, "99"));
        // stores
        cases.add(new Case("store: manifest is not JSON", d -> train(damaged(d, store, "manifest.json",
                bytes -> "{\"formatVersion\": 1,".getBytes(StandardCharsets.UTF_8))), "manifest.json"));
        cases.add(new Case("store: manifest with a key given twice", d -> train(damaged(d, store, "manifest.json",
                bytes -> new String(bytes, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"complete\": true,")
                        .getBytes(StandardCharsets.UTF_8))), "manifest.json", "twice"));
        cases.add(new Case("store: a listed shard is missing", d -> train(damaged(d, store, firstShard(), bytes -> null)),
                firstShard(), "missing"));
        cases.add(new Case("store: a shard cut short", d -> train(damaged(d, store, firstShard(),
                bytes -> Arrays.copyOf(bytes, bytes.length / 2))), firstShard()));
        cases.add(new Case("store: a shard with one flipped byte", d -> train(damaged(d, store, firstShard(), bytes -> {
            bytes[bytes.length - 3] ^= 0x40;
            return bytes;
        })), firstShard(), "sha256"));
        cases.add(new Case("store: directory does not exist", d -> train(d.resolve("no-store")), "no-store"));
        // dictionaries
        cases.add(new Case("dictionary: weights cut short", d -> eval(damaged(d, dictionary, "weights.safetensors",
                bytes -> Arrays.copyOf(bytes, bytes.length - 100))), "weights.safetensors"));
        cases.add(new Case("dictionary: weights header is garbage", d -> eval(damaged(d, dictionary, "weights.safetensors",
                bytes -> {
                    Arrays.fill(bytes, 8, 40, (byte) '#');
                    return bytes;
                })), "weights.safetensors"));
        cases.add(new Case("dictionary: config.json missing", d -> eval(damaged(d, dictionary, "config.json", bytes -> null)),
                "config.json"));
        cases.add(new Case("dictionary: config.json not JSON", d -> eval(damaged(d, dictionary, "config.json",
                bytes -> "{".getBytes(StandardCharsets.UTF_8))), "config.json"));
        cases.add(new Case("dictionary: evaluated on a store of another width", d -> {
            Path other = d.resolve("wide");
            PlantedStores.write(other, 4, 4, DIM * 2, 64, 9);
            return new String[] {"eval", "--dict", dictionary.toString(), "--store", other.toString()};
        }, "16", "32"));
        // options
        cases.add(new Case("option: unknown learner setting", d -> new String[] {"train", "--store", store.toString(),
                "--learner", "topk", "--out", d.resolve("t").toString(), "--set", "concepts_=8"}, "concepts_"));
        cases.add(new Case("option: setting out of range", d -> new String[] {"train", "--store", store.toString(),
                "--learner", "topk", "--out", d.resolve("t").toString(), "--k", "0"}, "k"));
        cases.add(new Case("option: --set without '='", d -> new String[] {"train", "--store", store.toString(),
                "--learner", "topk", "--out", d.resolve("t").toString(), "--set", "concepts"}, "key=value"));
        cases.add(new Case("option: unknown report setting", d -> new String[] {"report", "--model",
                BundledModels.NAMES.get(0), "--dict", dictionary.toString(), "--images", images(),
                "--out", d.resolve("a").toString(), "--set", "top_imagez=3"}, "top_imagez"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileInputEndsWithOneClearError() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path own = Files.createDirectories(dir.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-")));
            String[] arguments = c.arguments().apply(own);
            CliRun run = CliRun.of(arguments);
            String where = c.name() + ": facet " + String.join(" ", arguments) + "\nstdout:\n" + run.out()
                    + "\nstderr:\n" + run.err();
            assertEquals(FacetCli.EXIT_FAILURE, run.exitCode(), where);
            List<String> errors = run.err().lines().filter(line -> line.startsWith("error: ")).toList();
            assertEquals(1, errors.size(), where);
            String error = run.err().substring(run.err().indexOf("error: ")).toLowerCase(Locale.ROOT);
            for (String fragment : c.expected()) {
                assertTrue(error.contains(fragment.toLowerCase(Locale.ROOT)), "'" + fragment + "' missing; " + where);
            }
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception in thread"), "stack trace; " + where);
        }));
    }

    private static String images() {
        return BundledModels.fashionMnistImages().toString();
    }

    private static String config(String output, String extra) {
        return "{\"output\": \"" + output + "\", " + (extra == null ? "" : extra + ", ")
                + "\"backbone\": {\"model\": \"" + BundledModels.NAMES.get(0) + "\", \"layer\": \"3\"},"
                + " \"images\": {\"path\": \"" + images() + "\", \"limit\": 40},"
                + " \"learner\": {\"id\": \"topk\", \"concepts\": 16, \"k\": 2, \"epochs\": 1}}";
    }

    private static String[] run(String config) {
        return new String[] {"run", config};
    }

    private static String[] extract(Path d, String model) {
        return new String[] {"extract", "--model", model, "--layer", "3", "--images", images(),
                "--out", d.resolve("s").toString(), "--limit", "8"};
    }

    private static String[] train(Path data) {
        return new String[] {"train", "--store", data.toString(), "--learner", "topk", "--out",
                data.resolveSibling("trained").toString(), "--concepts", "8", "--k", "2", "--epochs", "1"};
    }

    private static String[] eval(Path dict) {
        return new String[] {"eval", "--dict", dict.toString(), "--store", store.toString(),
                "--out", dict.resolveSibling("metrics.json").toString()};
    }

    private static String write(Path d, String name, String text) {
        try {
            return Files.writeString(d.resolve(name), text).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String truncated(Path d) {
        try {
            byte[] model = Files.readAllBytes(BundledModels.onnx(BundledModels.NAMES.get(0)));
            return Files.write(d.resolve("half.onnx"), Arrays.copyOf(model, model.length / 2)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstShard() {
        try (Stream<Path> files = Files.list(store)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of {@code source} in {@code d} whose file {@code name} is replaced by {@code damage}
     * of its bytes (deleted when it returns null).
     */
    private static Path damaged(Path d, Path source, String name, Function<byte[], byte[]> damage) {
        Path copy = d.resolve(source.getFileName());
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
            byte[] changed = damage.apply(Files.readAllBytes(copy.resolve(name)));
            if (changed == null) {
                Files.delete(copy.resolve(name));
            } else {
                Files.write(copy.resolve(name), changed);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
