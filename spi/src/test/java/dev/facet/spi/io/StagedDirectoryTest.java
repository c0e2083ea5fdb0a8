package dev.facet.spi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.OutputLockedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDirectoryTest {

    @TempDir
    Path dir;

    private Path atlas() {
        return dir.resolve("atlas");
    }

    private void write(String content) throws IOException {
        try (StagedDirectory staged = StagedDirectory.begin(atlas(), "test report", "an atlas", "concepts.json")) {
            Files.writeString(staged.staging().resolve("concepts.json"), content);
            Files.createDirectories(staged.staging().resolve("concepts"));
            Files.writeString(staged.staging().resolve("concepts/0.png"), content);
            if (content.startsWith("fail")) {
                throw new IllegalStateException("killed mid-write");
            }
            staged.publish();
        }
    }

    @Test
    void aFinishedOutputReplacesTheOlderOneAndLeavesNoLeftovers() throws IOException {
        write("first");
        write("second");
        assertEquals("second", Files.readString(atlas().resolve("concepts.json")));
        assertEquals("second", Files.readString(atlas().resolve("concepts/0.png")));
        assertFalse(Files.exists(dir.resolve(".atlas.partial")));
        assertFalse(Files.exists(dir.resolve(".atlas.previous")));
    }

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousOutput() throws IOException {
        write("first");
        assertThrows(IllegalStateException.class, () -> write("fail"));
        assertEquals("first", Files.readString(atlas().resolve("concepts.json")));
        assertFalse(Files.exists(dir.resolve(".atlas.partial")));
    }

    @Test
    void leftoversOfAKilledWriterAreRemovedOrRestoredByTheNextOne() throws IOException {
        Path partial = Files.createDirectories(dir.resolve(".atlas.partial/concepts"));
        Files.writeString(partial.resolve("3.png"), "half");
        Path previous = Files.createDirectories(dir.resolve(".atlas.previous"));
        Files.writeString(previous.resolve("concepts.json"), "older");
        try (StagedDirectory staged = StagedDirectory.begin(atlas(), "test report", "an atlas", "concepts.json")) {
            assertEquals("older", Files.readString(atlas().resolve("concepts.json")),
                    "killed between the renames: the older output is restored");
            assertTrue(Files.isDirectory(staged.staging()));
            assertFalse(Files.exists(partial.resolve("3.png")), "the killed run's partial output is gone");
        }
        assertFalse(Files.exists(dir.resolve(".atlas.partial")));
        write("new");
        assertEquals("new", Files.readString(atlas().resolve("concepts.json")));
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstWrites() throws IOException {
        try (StagedDirectory first = StagedDirectory.begin(atlas(), "first report", "an atlas", "concepts.json")) {
            OutputLockedException e = assertThrows(OutputLockedException.class,
                    () -> StagedDirectory.begin(atlas(), "second report", "an atlas", "concepts.json"));
            assertTrue(e.getMessage().contains("first report"), e.getMessage());
            assertTrue(Files.isDirectory(first.staging()), "the refused writer left the first one's staging alone");
        }
    }

    @Test
    void aForeignDirectoryIsNeverReplaced() throws IOException {
        Files.createDirectories(atlas());
        Files.writeString(atlas().resolve("mine.txt"), "keep");
        assertThrows(dev.facet.spi.ConfigException.class, () -> write("x"));
        assertEquals("keep", Files.readString(atlas().resolve("mine.txt")));
    }
}
