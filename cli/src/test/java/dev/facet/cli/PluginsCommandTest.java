package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facet.plugins.ComponentKind;
import dev.facet.spi.ComponentFactory;
import dev.facet.spi.ConfigException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {
    static final String EXAMPLE_JAR = "facet-example-plugin.jar";

    static Path exampleJar() {
        Path dir = Path.of(System.getProperty("facet.examplePluginDir", "target/example-plugins"));
        Path jar = dir.resolve(EXAMPLE_JAR);
        assertTrue(Files.isRegularFile(jar), "the build copies the example plugin to " + jar);
        return jar;
    }

    @Test
    void listsTheBuiltinPluginFromTheClasspath() {
        CliRun run = CliRun.of("plugins");
        assertEquals(0, run.exitCode(), run.err());
        for (String builtin : new String[] {"facet-attribution ", "facet-dictionaries ", "facet-extractors "}) {
            assertTrue(run.out().contains(builtin), builtin + " in\n" + run.out());
        }
        assertTrue(run.out().contains("(SPI 1) from classpath"), run.out());
        assertTrue(run.out().matches("(?s).*attribution +occlusion +requires \\[FORWARD].*"), run.out());
        assertTrue(!run.out().contains("pixel-patches"), "the example plugin is not on the classpath");
    }

    @Test
    void listsTheExamplePluginFoundInAPluginsDirectory(@TempDir Path dir) throws IOException {
        Files.copy(exampleJar(), dir.resolve(EXAMPLE_JAR));
        CliRun run = CliRun.of("plugins", "--plugins-dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("example-patches 1.0.0 (SPI 1) from " + EXAMPLE_JAR), run.out());
        assertTrue(run.out().matches("(?s).*backbone +pixel-patches +provides \\[FORWARD].*"), run.out());
        assertTrue(run.out().matches("(?s).*visualizer +mean-image.*"), run.out());
        assertTrue(run.out().contains("occlusion"), run.out());
    }

    @Test
    void jsonListingNamesSourcesAndCapabilities(@TempDir Path dir) throws IOException {
        Files.copy(exampleJar(), dir.resolve(EXAMPLE_JAR));
        CliRun run = CliRun.of("plugins", "--json", "--no-classpath", "--plugins-dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode plugins = new ObjectMapper().readTree(run.out());
        assertEquals(1, plugins.size());
        JsonNode example = plugins.get(0);
        assertEquals("example-patches", example.get("id").asText());
        assertEquals(dir.resolve(EXAMPLE_JAR).toString(), example.get("source").get(0).asText());
        JsonNode factory = example.get("factories").get(0);
        assertEquals("backbone", factory.get("kind").asText());
        assertEquals("pixel-patches", factory.get("id").asText());
        assertEquals("FORWARD", factory.get("capabilities").get(0).asText());
    }

    @Test
    void badPluginsEachGiveOneErrorLine(@TempDir Path dir) throws IOException {
        Files.copy(exampleJar(), dir.resolve("a-example.jar"));
        Files.copy(exampleJar(), dir.resolve("b-example.jar"));
        Files.write(dir.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 1});
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(dir.resolve("no-service.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        CliRun run = CliRun.of("plugins", "--plugins-dir", dir.toString());
        assertEquals(FacetCli.EXIT_PLUGINS, run.exitCode());
        List<String> lines = run.err().lines().toList();
        assertEquals(4, lines.size(), run.err());
        assertEquals("error: plugin wiring failed with 3 problem(s):", lines.get(0));
        assertTrue(lines.get(1).startsWith("  corrupt.jar: not a readable jar"), lines.get(1));
        assertEquals("  no-service.jar: no META-INF/services/dev.facet.spi.Plugin entry; a Facet plugin jar names "
                + "its Plugin implementation there", lines.get(2));
        assertEquals("  example-patches: duplicate plugin id 'example-patches' in a-example.jar and b-example.jar",
                lines.get(3));
        assertEquals("", run.out());
    }

    @Test
    void helpIsAvailableEverywhere() {
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("Usage: facet"), top.out());
        assertTrue(top.out().contains("plugins"), top.out());
        CliRun plugins = CliRun.of("plugins", "--help");
        assertEquals(0, plugins.exitCode());
        assertTrue(plugins.out().contains("--plugins-dir=DIR"), plugins.out());
        CliRun version = CliRun.of("--version");
        assertTrue(version.out().startsWith("facet "), version.out());
        CliRun unknown = CliRun.of("plugns");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("Unmatched argument"), unknown.err());
    }

    @Test
    void settingsOfALearnerAreATable() {
        CliRun run = CliRun.of("plugins", "--settings", "topk");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("learner topk: TopK SAE (Gao et al. 2024)", lines.get(0));
        assertTrue(lines.get(1).matches(" +SETTING +TYPE +DEFAULT +RANGE / CHOICES +DESCRIPTION"), lines.get(1));
        assertTrue(run.out().matches("(?s).*\\n +concepts +int +required +\\[1, 16777216] +number of atoms.*"),
                run.out());
        assertTrue(run.out().matches("(?s).*\\n +k +int +required +\\[1, 16777216] +active codes.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n +sparsifier +choice +fixed: topk +how the codes are made sparse\\n.*"),
                run.out());
        assertTrue(run.out().matches("(?s).*\\n +kernel +choice +rectangle +rectangle \\| gaussian \\| triangular \\|"
                + " +JumpReLU pseudo-gradient kernel\\n +cosine \\| epanechnikov \\| quartic \\|\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n +final_lr +double +lr / 10 +\\[0, 10] +.*"), run.out());
        assertEquals(1 + 25 + 15, lines.stream().filter(line -> line.matches("  \\S.*")).count(), run.out());
    }

    @Test
    void settingsOfAnyKindAreFound(@TempDir Path dir) throws IOException {
        CliRun occlusion = CliRun.of("plugins", "--settings", "occlusion");
        assertEquals(0, occlusion.exitCode(), occlusion.err());
        assertTrue(occlusion.out().startsWith("attribution occlusion: "), occlusion.out());
        assertTrue(occlusion.out().matches("(?s).*\\n +stride +int +window / 2 +\\[1, 4096] +step between.*"),
                occlusion.out());
        CliRun onnx = CliRun.of("plugins", "--settings", "onnx", "--kind", "backbone");
        assertTrue(onnx.out().matches("(?s).*\\n +descriptor +string +none +.*\\n +threads +int +0 +\\[0, 1024].*"),
                onnx.out());
        Files.copy(exampleJar(), dir.resolve(EXAMPLE_JAR));
        CliRun plugin = CliRun.of("plugins", "--plugins-dir", dir.toString(), "--settings", "pixel-patches");
        assertEquals(0, plugin.exitCode(), plugin.err());
        assertEquals("  declares no settings", plugin.out().lines().toList().get(1));
    }

    @Test
    void unknownSettingsIdsListTheAvailableOnes() {
        CliRun unknown = CliRun.of("plugins", "--settings", "topkk", "--kind", "learner");
        assertEquals(FacetCli.EXIT_FAILURE, unknown.exitCode());
        assertTrue(unknown.err().startsWith("error: Unknown learner 'topkk'; available: [archetypal, batchtopk,"),
                unknown.err());
        // Over 20 components of all kinds: the message lists the closest ids and the count.
        CliRun anyKind = CliRun.of("plugins", "--settings", "sobl");
        assertTrue(anyKind.err().startsWith("error: Unknown component 'sobl'; closest: [sobol,"), anyKind.err());
        assertTrue(anyKind.err().strip().matches("(?s).*; \\d+ available"), anyKind.err());
        CliRun badKind = CliRun.of("plugins", "--settings", "topk", "--kind", "learners");
        assertEquals("error: Unknown component kind 'learners'; available: [attribution, backbone, learner, "
                + "visualizer]", badKind.err().strip());
    }

    @Test
    void anIdOfSeveralKindsAsksForTheKind() {
        ComponentFactory backbone = new ComponentFactory() {
            @Override
            public String id() {
                return "twin";
            }

            @Override
            public String description() {
                return "one id, two kinds";
            }
        };
        List<PluginsCommand.Component> components = List.of(
                new PluginsCommand.Component(ComponentKind.BACKBONE, backbone),
                new PluginsCommand.Component(ComponentKind.ATTRIBUTION, backbone));
        ConfigException e = assertThrows(ConfigException.class, () -> PluginsCommand.find(components, "twin", null));
        assertEquals("'twin' names a backbone and a attribution; choose one with --kind backbone or --kind attribution",
                e.getMessage());
        assertEquals(ComponentKind.ATTRIBUTION, PluginsCommand.find(components, "twin", "attribution").kind());
    }

    @Test
    void markdownSectionOfOneComponent() {
        CliRun run = CliRun.of("plugins", "--settings", "kmeans", "--markdown");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("## kmeans\n\nk-means"), run.out());
        assertTrue(run.out().contains("\n| `batch_size` | int | 0 | [0, 1048576] | rows per mini-batch"), run.out());
    }

    @Test
    void missingPluginsDirectoryIsOneClearLine(@TempDir Path dir) {
        CliRun run = CliRun.of("plugins", "--plugins-dir", dir.resolve("nope").toString());
        assertEquals(FacetCli.EXIT_PLUGINS, run.exitCode());
        assertEquals(List.of("error: plugin wiring failed with 1 problem(s):",
                "  " + dir.resolve("nope") + ": plugins directory does not exist or is not a directory"),
                run.err().lines().toList());
    }
}
