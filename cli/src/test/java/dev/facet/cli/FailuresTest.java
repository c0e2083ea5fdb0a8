package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private record Reported(int code, String text) { }

    private static Reported report(Throwable failure) {
        StringWriter text = new StringWriter();
        int code = Failures.report(failure, "train", new PrintWriter(text, true));
        return new Reported(code, text.toString());
    }

    @Test
    void aFacetErrorIsItsMessageOnOneLine() {
        Reported r = report(new ConfigException("learner 'topk' does not take setting 'x'"));
        assertEquals(FacetCli.EXIT_FAILURE, r.code());
        assertEquals("error: learner 'topk' does not take setting 'x'", r.text().strip());
    }

    @Test
    void runningOutOfHeapNamesTheHeapAndWhatToChange() {
        Reported r = report(new OutOfMemoryError("Java heap space"));
        assertEquals(FacetCli.EXIT_FAILURE, r.code());
        assertTrue(r.text().contains("ran out of memory (Java heap of ") && r.text().contains("-Xmx"), r.text());
        assertEquals(1, r.text().strip().lines().count(), r.text());
    }

    @Test
    void anUnexpectedExceptionIsOneLineWithItsTraceSavedToAFile() throws Exception {
        Reported r = report(new NegativeArraySizeException("-1294967296"));
        assertEquals(FacetCli.EXIT_INTERNAL, r.code());
        assertEquals(1, r.text().strip().lines().count(), r.text());
        assertFalse(r.text().contains("\tat "), "no stack trace on the console");
        assertTrue(r.text().contains("facet train failed unexpectedly with java.lang.NegativeArraySizeException: -1294967296"),
                r.text());
        Matcher saved = Pattern.compile("saved in (\\S+\\.txt)").matcher(r.text());
        assertTrue(saved.find(), r.text());
        Path file = Path.of(saved.group(1));
        try {
            String trace = Files.readString(file);
            assertTrue(trace.contains("NegativeArraySizeException") && trace.contains("\tat "), trace);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
