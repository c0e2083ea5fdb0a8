package dev.facet.spi.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void bothWritesReplaceTheFileAndLeaveNoTemporary() throws IOException {
        Path synced = dir.resolve("a.bin");
        Path unsynced = dir.resolve("b.png");
        for (byte[] content : new byte[][] {{1, 2, 3}, {9}}) {
            AtomicFiles.write(synced, content);
            AtomicFiles.writeWithoutSync(unsynced, content);
            assertArrayEquals(content, Files.readAllBytes(synced));
            assertArrayEquals(content, Files.readAllBytes(unsynced));
        }
        assertFalse(Files.exists(AtomicFiles.tmpFor(synced)));
        assertFalse(Files.exists(AtomicFiles.tmpFor(unsynced)));
    }

    @Test
    void aFailedWriteNamesTheFileAndKeepsTheOldContent() throws IOException {
        Path target = dir.resolve("kept.txt");
        AtomicFiles.write(target, new byte[] {7});
        FacetException e = assertThrows(FacetException.class, () -> AtomicFiles.write(target, channel -> {
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("kept.txt") && e.getMessage().contains("disk full"), e.getMessage());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
        assertFalse(Files.exists(AtomicFiles.tmpFor(target)));
        FacetException missing = assertThrows(FacetException.class,
                () -> AtomicFiles.writeWithoutSync(dir.resolve("no/such/dir/x.png"), new byte[] {1}));
        assertTrue(missing.getMessage().contains("x.png"), missing.getMessage());
    }
}
