package dev.facet.report.atlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HeadlessChromiumTest {

    @Test
    void aBrowserThatExitsAtOnceFailsWithItsExitCode() {
        Path binary = Path.of("/bin/false");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(binary), "needs /bin/false");
        FacetException e = assertThrows(FacetException.class, () -> HeadlessChromium.launch(binary));
        assertTrue(e.getMessage().contains("exited (exit code 1) before printing its DevTools URL"), e.getMessage());
    }

    @Test
    void evaluatesCollectsProblemsAndKillsTheBrowserOnClose(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.html");
        Files.writeString(page, "<!DOCTYPE html><title>t</title><button id=b>b</button><script>"
                + "document.getElementById('b').addEventListener('click', () => { document.title = 'clicked'; });"
                + "console.warn('careful'); setTimeout(() => { throw new Error('boom'); });</script>");
        List<ProcessHandle> processes;
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.binaryForTests())) {
            processes = browser.processes();
            browser.navigate(page.toUri());
            assertEquals(2, browser.evaluate("1 + 1").asInt());
            assertEquals("ok", browser.evaluate("Promise.resolve('ok')").asText());
            browser.click("#b");
            assertEquals("clicked", browser.evaluate("document.title").asText());
            browser.waitUntil("true", "nothing");
            FacetException thrown = assertThrows(FacetException.class, () -> browser.evaluate("null.x"));
            assertTrue(thrown.getMessage().contains("TypeError"), thrown.getMessage());
            browser.waitUntil("new Promise(r => setTimeout(() => r(true), 50))", "the timer to fire");
            String problems = browser.problems().toString();
            assertTrue(problems.contains("console.warning: careful"), problems);
            assertTrue(problems.contains("Error: boom"), problems);
            assertThrows(FacetException.class, () -> browser.click("#missing"));
        }
        assertTrue(processes.size() > 1, "the browser has child processes");
        for (ProcessHandle p : processes) {
            assertFalse(p.isAlive(), "process " + p.pid() + " still alive after close()");
        }
    }
}
