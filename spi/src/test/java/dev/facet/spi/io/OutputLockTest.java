package dev.facet.spi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.OutputLockedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondAcquirerInThisJvmIsRefusedWithTheHolderNamed() {
        Path out = dir.resolve("out");
        try (OutputLock first = OutputLock.acquire(out, "first writer", "a test output")) {
            assertTrue(Files.isRegularFile(out.resolve(OutputLock.FILE)));
            OutputLockedException e = assertThrows(OutputLockedException.class,
                    () -> OutputLock.acquire(out, "second writer", "a test output"));
            String pid = Long.toString(ProcessHandle.current().pid());
            assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + pid) && e.getMessage().contains("first writer")
                    && e.getMessage().contains(" since 20"), e.getMessage());
            assertEquals(out.toAbsolutePath(), e.directory());
            try (OutputLock nested = OutputLock.acquire(out.resolve("store"), "nested writer", "a test output")) {
                assertEquals(out.resolve("store").toAbsolutePath(), nested.directory());
            }
        }
        try (OutputLock again = OutputLock.acquire(out, "third writer", "a test output")) {
            assertTrue(again.holder().contains("third writer"));
        }
    }

    @Test
    void releasingEmptiesTheFileAndKeepsIt() throws IOException {
        Path out = dir.resolve("out");
        OutputLock lock = OutputLock.acquire(out, "writer", "a test output");
        assertTrue(Files.readString(lock.file()).contains("\"pid\": " + ProcessHandle.current().pid()));
        lock.close();
        lock.close();
        assertEquals("", Files.readString(out.resolve(OutputLock.FILE)));
    }

    @Test
    void aLockBesideAnOutputLiesInItsParent() {
        Path atlas = dir.resolve("run").resolve("atlas");
        try (OutputLock lock = OutputLock.acquireBeside(atlas, "report")) {
            assertEquals(dir.resolve("run").resolve(".atlas.facet-lock").toAbsolutePath(), lock.file());
            assertFalse(Files.exists(atlas));
            assertThrows(OutputLockedException.class, () -> OutputLock.acquireBeside(atlas, "other report"));
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndAKilledOnesLockIsTakenOver() throws Exception {
        Path out = dir.resolve("out");
        Process holder = startHolder(out);
        try {
            OutputLockedException e = assertThrows(OutputLockedException.class,
                    () -> OutputLock.acquire(out, "this test", "a test output"));
            assertTrue(e.getMessage().contains("pid " + holder.pid()) && e.getMessage().contains("lock holder test"),
                    e.getMessage());
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.readString(out.resolve(OutputLock.FILE)).contains("\"pid\": " + holder.pid()),
                    "a killed holder leaves its lock file behind");
            try (OutputLock taken = OutputLock.acquire(out, "taker", "a test output")) {
                assertTrue(Files.readString(taken.file()).contains("\"pid\": " + ProcessHandle.current().pid()));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aHolderThatEndsReleasesTheLock() throws Exception {
        Path out = dir.resolve("out");
        Process holder = startHolder(out);
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, holder.exitValue());
        assertEquals("", Files.readString(out.resolve(OutputLock.FILE)));
        OutputLock.acquire(out, "next", "a test output").close();
    }

    private static Process startHolder(Path out) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LockHolderProcess.class.getName(), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        assertTrue(line != null && line.startsWith("locked"), "the holder locked " + out + ": " + line);
        return process;
    }
}
