package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code facet.jar} as a user would, in its own JVM. */
class FacetJarIT {
    /** A warning of libtorch's C++ logging, e.g. {@code [W1202 14:23:01.764087300 LegacyTypeDispatch.h:74] ...}. */
    private static final Pattern NATIVE_WARNING = Pattern.compile("(?m)^\\[W\\d{4} ");

    private static String run(int expectedExit, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("facet.jar", "target/facet.jar"));
        assertTrue(Files.isRegularFile(jar), "expected the fat jar at " + jar);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "facet.jar did not finish");
        assertEquals(expectedExit, process.exitValue(), output);
        return output;
    }

    @Test
    void fatJarListsBuiltinAndDirectoryPlugins() throws Exception {
        String dir = System.getProperty("facet.examplePluginDir", "target/example-plugins");
        String output = run(0, "plugins", "--plugins-dir", dir);
        for (String builtin : new String[] {"facet-attribution", "facet-dictionaries", "facet-extractors"}) {
            assertTrue(output.contains(builtin + " "), builtin + " in\n" + output);
        }
        assertTrue(output.contains("from classpath facet.jar"), output);
        assertTrue(output.contains("occlusion"), output);
        assertTrue(output.contains("example-patches 1.0.0 (SPI 1) from facet-example-plugin.jar"), output);
        assertTrue(output.contains("pixel-patches"), output);
    }

    @Test
    void fatJarPrintsHelp() throws Exception {
        String output = run(0, "--help");
        assertTrue(output.contains("Usage: facet"), output);
    }

    @Test
    void demoPrintsNoEngineNoiseAtTheDefaultLogLevel(@TempDir Path dir) throws Exception {
        String output = run(0, "demo", "--out", dir.resolve("demo").toString(), "--images", "200", "--concepts", "16",
                "--epochs", "1");
        assertTrue(output.contains("Stage train:") && output.contains("Atlas: "), output);
        assertFalse(output.contains("CudaUtils"), "DJL's CUDA probe is a debug matter on a CPU run:\n" + output);
        assertFalse(NATIVE_WARNING.matcher(output).find(), "libtorch printed a warning:\n" + output);
    }
}
