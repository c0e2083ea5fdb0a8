package dev.facet.dictionaries.golden;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.facet.dictionaries.io.Safetensors;
import dev.facet.dictionaries.io.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A golden {@code .safetensors} file of the test class path, copied to a folder and read with
 * {@link Safetensors#read}, the reader under test, which needs a file.
 */
public final class GoldenSafetensors {

    private GoldenSafetensors() {
    }

    /** Reads {@code resource}, resolved against {@code anchor}'s package, through a copy in {@code dir}. */
    public static SafetensorsFile read(Class<?> anchor, String resource, Path dir) throws IOException {
        Path file = dir.resolve(resource);
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is on the test class path");
            Files.copy(in, file);
        }
        return Safetensors.read(file);
    }
}
