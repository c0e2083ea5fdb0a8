package dev.facet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code facet} subprocesses of one test: each runs {@link FacetCli} on the test's class path
 * with its output in a log file; {@link #killAll} ends those still running after the test.
 */
final class CliProcesses {
    private final List<Process> started = new ArrayList<>();

    /** Starts {@code facet ARGUMENTS} with the JVM options {@code jvm}, writing stdout and stderr to {@code log}. */
    Process start(Path log, List<String> jvm, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(PlantedStores.java()));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                FacetCli.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }

    /** SIGKILLs every started process that still runs. */
    void killAll() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A log's text, or why it cannot be read. */
    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
