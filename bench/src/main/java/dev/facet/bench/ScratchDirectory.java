package dev.facet.bench;

import dev.facet.spi.FacetException;
import dev.facet.spi.io.DirectoryTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary directory a benchmark writes into, deleted with all it holds when closed. */
public final class ScratchDirectory implements AutoCloseable {
    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /** Creates a fresh temporary directory whose name starts with {@code prefix}. */
    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new FacetException("Cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            DirectoryTrees.delete(path);
        } catch (IOException e) {
            throw new FacetException("Cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
