package dev.facet.spi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {

    @TempDir
    Path dir;

    private static String refused(Path path) {
        return assertThrows(ConfigException.class,
                () -> OutputDirectory.requireSafe(path, "config output", "a test output", "marker.json")).getMessage();
    }

    @Test
    void rootsSystemDirectoriesAndEmptyPathsAreRefused() {
        assertTrue(refused(Path.of("")).contains("config output is empty"));
        assertTrue(refused(Path.of("/")).contains("is a filesystem root"));
        assertTrue(refused(Path.of("/etc/x")).contains("inside the system directory /etc"));
        assertTrue(refused(Path.of("/usr")).contains("inside the system directory /usr"));
        assertTrue(refused(Path.of("/tmp")).contains("system directory /tmp"));
        assertTrue(refused(Path.of(System.getProperty("user.home"))).contains("home directory"));
    }

    @Test
    void aRelativePathIsJudgedByWhereItLeads() {
        Path base = dir.toAbsolutePath();
        Path climb = base.resolve("../".repeat(base.getNameCount() + 2) + "etc/x");
        String message = refused(climb);
        assertTrue(message.contains("(/etc/x)") && message.contains("system directory /etc"), message);
    }

    @Test
    void aSymbolicLinkIntoASystemDirectoryIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc"));
        assertTrue(refused(link.resolve("x")).contains("system directory /etc"));
    }

    @Test
    void aForeignDirectoryWithContentOrAFileIsRefused() throws IOException {
        Path foreign = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(foreign.resolve("notes.txt"), "keep");
        String message = refused(foreign);
        assertTrue(message.contains("is not a test output written by Facet") && message.contains("[notes.txt]")
                && message.contains(".facet-lock or marker.json"), message);
        assertTrue(refused(foreign.resolve("notes.txt")).contains("is a file"));
    }

    @Test
    void newEmptyAndEarlierFacetOutputsAreAccepted() throws IOException {
        Path fresh = dir.resolve("new/deeper");
        assertEquals(fresh.toAbsolutePath(), OutputDirectory.requireSafe(fresh, "f", "a test output"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        OutputDirectory.requireSafe(empty, "f", "a test output");
        Path earlier = Files.createDirectories(dir.resolve("earlier"));
        Files.writeString(earlier.resolve("marker.json"), "{}");
        Files.writeString(earlier.resolve("data.bin"), "x");
        OutputDirectory.requireSafe(earlier, "f", "a test output", "marker.json");
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.writeString(locked.resolve(OutputLock.FILE), "");
        Files.writeString(locked.resolve("data.bin"), "x");
        OutputDirectory.requireSafe(locked, "f", "a test output");
        OutputDirectory.requireSafe(Path.of("/var/tmp/facet-output-test"), "f", "a test output");
    }
}
