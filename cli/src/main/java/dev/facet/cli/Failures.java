package dev.facet.cli;

import dev.facet.plugins.PluginWiringException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever ends a command into what the user reads: a Facet error is its message on one
 * {@code error:} line; running out of heap names the heap and what to change; anything else is a
 * bug in Facet or a plugin, reported as one line that says so and where its stack trace was saved,
 * instead of the trace itself.
 */
final class Failures {
    /** Exit code of a Facet error (bad input, missing file, unknown id). */
    static final int EXIT_FAILURE = 1;
    /** Exit code of an unexpected exception: a bug. */
    static final int EXIT_INTERNAL = 2;
    /** Exit code when the plugins cannot be wired. */
    static final int EXIT_PLUGINS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** Writes the report of {@code failure} to {@code err} and returns the exit code. */
    static int report(Throwable failure, String command, PrintWriter err) {
        if (failure instanceof PluginWiringException wiring) {
            err.println("error: plugin wiring failed with " + wiring.problems().size() + " problem(s):");
            wiring.problems().forEach(problem -> err.println("  " + problem));
            return EXIT_PLUGINS;
        }
        if (failure instanceof FacetException) {
            err.println("error: " + failure.getMessage());
            return EXIT_FAILURE;
        }
        if (failure instanceof OutOfMemoryError) {
            err.println(String.format(Locale.ROOT, "error: facet %s ran out of memory (Java heap of %d MB): give the "
                    + "JVM more with -Xmx (e.g. java -Xmx8g -jar facet.jar ...) or lower the batch size, the number "
                    + "of concepts or the decoding threads", command, Runtime.getRuntime().maxMemory() >> 20));
            return EXIT_FAILURE;
        }
        String trace = stackTrace(failure);
        LOG.debug("Unexpected failure of facet {}", command, failure);
        Path saved = save(trace);
        err.println("error: facet " + command + " failed unexpectedly with " + failure
                + " (a bug in Facet or a plugin; please report it"
                + (saved == null ? "" : " with the stack trace saved in " + saved) + ")");
        return EXIT_INTERNAL;
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Saves the trace to a new file in the temporary directory; null when that fails too. */
    private static Path save(String trace) {
        try {
            Path file = Files.createTempFile("facet-failure-", ".txt");
            Files.writeString(file, trace);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
