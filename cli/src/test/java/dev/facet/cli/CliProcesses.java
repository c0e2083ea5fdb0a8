package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the {@code facet} CLI in child JVMs for the tests that kill it, starve it of disk or watch
 * its memory: each child gets the test's class path, runs offline, and writes its output to a log
 * file (so pipes never fill up). Registered with {@code @RegisterExtension}, it kills every child
 * still alive after each test, so a failed assertion leaves no process behind.
 */
final class CliProcesses implements AfterEachCallback {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> started = new ArrayList<>();

    /** Starts {@code facet ARGS} with its output in {@code log}. */
    Process start(Path log, List<String> args) throws IOException {
        return start(List.of(), log, args);
    }

    /** Starts {@code facet ARGS} in a JVM with {@code jvmOptions}, its output in {@code log}. */
    Process start(List<String> jvmOptions, Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(PlantedStores.java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                FacetCli.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }

    /** Runs {@code facet ARGS} to its end (at most {@code seconds}) and returns its exit code. */
    int run(Path log, long seconds, List<String> args) throws IOException, InterruptedException {
        return finish(start(log, args), log, seconds);
    }

    /** Waits at most {@code seconds} for {@code process} to end and returns its exit code. */
    static int finish(Process process, Path log, long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("facet did not finish within " + seconds + " s; output:\n" + text(log));
        }
        return process.exitValue();
    }

    /**
     * Polls {@code condition} every millisecond while {@code process} lives, for at most
     * {@code seconds}; true when it held while the process was still alive.
     */
    static boolean awaitWhileAlive(Process process, BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return process.isAlive();
            }
            Thread.sleep(1);
        }
        return false;
    }

    /** SIGKILLs {@code process}, which must still be running, and waits for it to end. */
    static void kill(Process process, Path log) throws InterruptedException {
        assertTrue(process.isAlive(), () -> "facet must still be running when it is killed; output:\n" + text(log));
        assertTrue(killIfAlive(process, log), () -> "facet ended on its own before the kill; output:\n" + text(log));
    }

    /**
     * SIGKILLs {@code process} unless it has ended, and waits for it to end.
     *
     * @return true when the kill ended it; false when it had already finished, successfully
     */
    static boolean killIfAlive(Process process, Path log) throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "a killed process ends");
        if (process.exitValue() == 137) {
            return true;
        }
        assertEquals(0, process.exitValue(), () -> "facet ended on its own before the kill; output:\n" + text(log));
        return false;
    }

    /** The JSON in {@code file}, or null while there is none or it cannot be parsed (being replaced). */
    static JsonNode json(Path file) {
        try {
            return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The text of a log, or a note that it cannot be read (for failure messages). */
    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }
}
