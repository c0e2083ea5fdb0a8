package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares a generated documentation page with the committed one under {@code docs/}; with
 * {@code -Dfacet.docs.write=true} it writes the page instead.
 */
final class GeneratedDocs {

    private GeneratedDocs() {
    }

    static void check(String page, String generated) throws IOException {
        Path file = repositoryRoot().resolve("docs").resolve(page);
        if (Boolean.getBoolean("facet.docs.write")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertEquals(generated, committed, "docs/" + page + " is out of date; regenerate it by running this test with "
                + "-Dfacet.docs.write=true");
    }

    /** The directory holding {@code .ci/run}, found upwards from the working directory. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci").resolve("run"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no .ci/run above " + Path.of("").toAbsolutePath());
    }
}
