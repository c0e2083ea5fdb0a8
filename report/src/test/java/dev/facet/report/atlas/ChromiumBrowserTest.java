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
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The browser test support itself: what the atlas tests rely on to see a page's problems. */
@Timeout(60)
class ChromiumBrowserTest {

    @Test
    void aBrowserThatExitsAtOnceFailsNamingIt() {
        Optional<Path> driver = ChromiumBrowser.findDriver();
        Path binary = Path.of("/bin/false");
        Assumptions.assumeTrue(driver.isPresent() && Files.isExecutable(binary), "needs chromedriver and /bin/false");
        FacetException e = assertThrows(FacetException.class, () -> ChromiumBrowser.launch(binary, driver.get()));
        assertTrue(e.getMessage().startsWith("Cannot start /bin/false through " + driver.get()), e.getMessage());
    }

    @Test
    void evaluatesClicksCollectsProblemsAndRequestsAndStopsItsProcesses(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.html");
        Files.writeString(page, "<!DOCTYPE html><title>t</title><button id=b>b</button><input id=i>"
                + "<img src='missing.png'><script>"
                + "document.getElementById('b').addEventListener('click', () => { document.title = 'clicked'; });"
                + "document.addEventListener('keydown', e => { if (e.key === 'Escape') document.title = 'escaped'; });"
                + "console.warn('careful'); setTimeout(() => { throw new Error('boom'); });</script>");
        List<ProcessHandle> processes;
        try (ChromiumBrowser browser = ChromiumBrowser.launchForTests()) {
            browser.navigate(page.toUri());
            processes = ProcessHandle.current().descendants().toList();
            assertEquals(2, browser.evaluate("1 + 1").asInt());
            assertEquals("ok", browser.evaluate("Promise.resolve('ok')").asText());
            assertEquals(1280, browser.evaluate("innerWidth").asInt());
            assertEquals(900, browser.evaluate("innerHeight").asInt());
            browser.click("#b");
            assertEquals("clicked", browser.evaluate("document.title").asText());
            browser.press("Escape");
            assertEquals("escaped", browser.evaluate("document.title").asText());
            browser.click("#i");
            browser.type("Zebra-x");
            assertEquals("Zebra-x", browser.evaluate("document.getElementById('i').value").asText());
            FacetException thrown = assertThrows(FacetException.class, () -> browser.evaluate("null.x"));
            assertTrue(thrown.getMessage().contains("Cannot read properties of null"), thrown.getMessage());
            browser.waitUntil("new Promise(r => setTimeout(() => r(true), 50))", "the timer to fire");
            String problems = browser.problems().toString();
            assertTrue(problems.contains("careful"), problems);
            assertTrue(problems.contains("Error: boom"), problems);
            assertTrue(problems.contains("missing.png"), problems);
            browser.clearProblems();
            assertEquals(List.of(), browser.problems());
            assertTrue(browser.requestedUrls().contains(page.toUri().toString()),
                    browser.requestedUrls().toString());
            assertThrows(FacetException.class, () -> browser.click("#missing"));
        }
        assertTrue(processes.size() > 1, "the driver and the browser run as child processes: " + processes);
        for (ProcessHandle p : processes) {
            p.onExit().completeOnTimeout(p, 10, java.util.concurrent.TimeUnit.SECONDS).join();
            assertFalse(p.isAlive(), "process " + p.pid() + " " + p.info().command().orElse("")
                    + " still alive after close()");
        }
    }
}
