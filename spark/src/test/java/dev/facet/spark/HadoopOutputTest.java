package dev.facet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopOutputTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainPathIsTheRawLocalFileSystem() {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        assertTrue(output.isLocal());
        assertEquals(dir.toAbsolutePath(), output.localPath());
        assertEquals("file", output.root().toUri().getScheme());
        HadoopOutput uri = HadoopOutput.of(dir.toUri().toString(), new Configuration());
        assertEquals(dir.toAbsolutePath(), uri.localPath());
    }

    @Test
    void writesAtomicallyReplacingTheOldContentAndLeavesNoSideFiles() throws IOException {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        output.writeAtomically("a/b/part.json", bytes("first"));
        output.writeAtomically("a/b/part.json", bytes("second"));
        assertArrayEquals(bytes("second"), output.read("a/b/part.json"));
        assertEquals(List.of("part.json"), output.list("a/b"));
        assertEquals(List.of(), output.list("missing"));
        assertEquals(List.of(), allFilesExcept(dir, "part.json"));
    }

    @Test
    void uploadsCheckedByLengthWithoutCrcFilesAndDownloads() throws IOException {
        Path local = Files.write(Files.createTempDirectory(dir, "local").resolve("shard.npy"), new byte[12345]);
        Path out = dir.resolve("out");
        HadoopOutput output = HadoopOutput.of(out.toString(), new Configuration());
        output.upload(local, "attempts/part-00000/shard.npy");
        assertEquals(12345, output.length("attempts/part-00000/shard.npy"));
        assertTrue(output.exists("attempts/part-00000"));
        Path back = dir.resolve("back.npy");
        output.download("attempts/part-00000/shard.npy", back);
        assertEquals(12345, Files.size(back));
        try (Stream<Path> files = Files.walk(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".crc")), "no .crc side files");
        }
        FacetException missing = assertThrows(FacetException.class,
                () -> output.upload(dir.resolve("nothing.npy"), "x.npy"));
        assertTrue(missing.getMessage().contains("x.npy"), missing.getMessage());
    }

    @Test
    void renamesOnlyOntoAFreeNameAndDeletesFolders() {
        HadoopOutput output = HadoopOutput.of(dir.toString(), new Configuration());
        output.writeAtomically("attempt-1/f", bytes("1"));
        output.writeAtomically("attempt-2/f", bytes("2"));
        assertTrue(output.rename("attempt-1", "committed/part"));
        assertFalse(output.rename("attempt-2", "committed/part"), "a second attempt never replaces the first");
        assertFalse(output.rename("attempt-1", "committed/other"), "nothing to rename");
        assertArrayEquals(bytes("1"), output.read("committed/part/f"));
        output.delete("attempt-2");
        output.delete("attempt-2");
        assertFalse(output.exists("attempt-2"));
    }

    private static List<String> allFilesExcept(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(name)).toList();
        }
    }
}
