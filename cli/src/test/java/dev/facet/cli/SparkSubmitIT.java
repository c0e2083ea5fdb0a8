package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.store.ActivationStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code facet.jar} and Spark, as a user meets them: the jar carries Facet's Spark jobs but no
 * Spark; {@code spark-submit} (its main class, with Spark's jars of this test's class path) runs
 * {@code facet extract --spark submit}; and {@code java -jar facet.jar extract --spark local[2]} without Spark
 * stops with one line saying what to add.
 */
class SparkSubmitIT {
    private static final int IMAGES = 24;

    @TempDir
    Path dir;

    private static Path jar() {
        Path jar = Path.of(System.getProperty("facet.jar", "target/facet.jar"));
        assertTrue(Files.isRegularFile(jar), "expected the fat jar at " + jar);
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> extractArgs(Path out, String master) {
        return List.of("extract", "--spark", master, "--model", "tiny-vit-fmnist", "--layer", "3", "--images",
                BundledModels.fashionMnistImages().toString(), "--limit", Integer.toString(IMAGES), "--out",
                out.toString());
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish:\n" + output);
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }

    @Test
    void facetJarCarriesFacetsSparkJobsButNoSpark() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> names = jar.stream().map(entry -> entry.getName()).toList();
            for (String foreign : new String[] {"org/apache/spark/", "org/apache/hadoop/", "scala/"}) {
                assertEquals(0, names.stream().filter(name -> name.startsWith(foreign)).count(), foreign);
            }
            assertTrue(names.contains("dev/facet/spark/SparkPasses.class"), "Facet's Spark module is in the jar");
            String services = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/dev.facet.pipeline.distributed.DistributedPasses")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(services.contains("dev.facet.spark.SparkPasses"), services);
        }
    }

    @Test
    void withoutSparkOnTheClassPathSparkIsRefusedOnOneLine() throws Exception {
        Path out = dir.resolve("store");
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(extractArgs(out, "local[2]"));
        Result result = run(command);
        assertEquals(FacetCli.EXIT_FAILURE, result.exitCode(), result.output());
        List<String> errors = result.output().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), result.output());
        String error = errors.get(0);
        assertTrue(error.startsWith("error: facet extract --spark: Apache Spark is not on the class path"), error);
        assertTrue(error.contains("spark-submit") && error.contains("Scala 2.13"), error);
        assertFalse(result.output().contains("\tat ") || result.output().contains("Exception"), result.output());
        assertFalse(Files.exists(out), "nothing was extracted");
    }

    @Test
    void withoutSparkOnTheClassPathAConfigsSparkSectionIsRefusedNamingIt() throws Exception {
        Path config = dir.resolve("pipeline.json");
        Files.writeString(config, """
                {"output": "run", "backbone": {"model": "tiny-vit-fmnist", "layer": "3"},
                 "images": {"path": "%s", "limit": 8},
                 "learner": {"id": "kmeans", "concepts": 4},
                 "spark": {"master": "local[2]"}}
                """.formatted(BundledModels.fashionMnistImages().toString().replace("\\", "/")));
        Result result = run(List.of(java(), "-jar", jar().toString(), "run", config.toString()));
        assertEquals(FacetCli.EXIT_FAILURE, result.exitCode(), result.output());
        List<String> errors = result.output().lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), result.output());
        assertTrue(errors.get(0).startsWith("error: spark.master: Apache Spark is not on the class path"), errors.get(0));
        assertFalse(Files.exists(dir.resolve("run")), "no stage ran");
    }

    @Test
    void sparkSubmitRunsFacetExtractWithItsMaster() throws Exception {
        Path out = dir.resolve("store");
        List<String> command = new ArrayList<>(List.of(java(), "-cp", sparkClassPath(),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--class", FacetCli.class.getName(), jar().toAbsolutePath().toString()));
        command.addAll(extractArgs(out, "submit"));
        Result result = run(command);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Stored " + IMAGES + " images (" + IMAGES * 49 + " rows of layer.3 patch)"),
                result.output());
        ActivationStore store = ActivationStore.open(out);
        store.verify();
        assertEquals(IMAGES, store.images());
        assertEquals(IMAGES * 49L, store.rows());
    }

    /**
     * This JVM's class path less Facet's own classes (the reactor's modules, and Facet's artifacts of the local
     * repository), which the child gets from {@code facet.jar} alone, as under {@code spark-submit}; and less
     * picocli, which a Spark installation does not have: on the parent class path it would look for the
     * commands' help bundles through its own class loader, which cannot see {@code facet.jar}.
     */
    private static String sparkClassPath() {
        Path root = Path.of("").toAbsolutePath().getParent();
        String separator = File.separator;
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(root))
                .filter(entry -> !entry.contains(separator + "dev" + separator + "facet" + separator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("picocli-"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
