package dev.facet.extractors;

import dev.facet.spi.BackboneException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Checks a model file (or a model descriptor) before an engine or parser sees it, so that a bad path
 * is reported as what is wrong with it (it does not exist, is a directory, cannot be read for lack of
 * permission, is empty) rather than as the engine's bare message.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * Requires {@code model} to be a readable, non-empty regular file.
     *
     * @param kind what the file should be, e.g. {@code "ONNX model"}
     * @throws BackboneException        naming the file and why it cannot be read
     * @throws CorruptArtifactException when it is empty
     */
    public static void requireReadable(Path model, String kind) {
        requireReadable(model, kind, BackboneException::new);
        if (size(model, kind, BackboneException::new) == 0) {
            throw new CorruptArtifactException(model, "not a valid " + kind + ": the file is empty (0 bytes)");
        }
    }

    /**
     * The bytes of a readable model file.
     *
     * @throws BackboneException        naming the file and why it cannot be read
     * @throws CorruptArtifactException when it is empty
     */
    public static byte[] read(Path model, String kind) {
        requireReadable(model, kind);
        return readBytes(model, kind, BackboneException::new);
    }

    /**
     * The bytes of a file that is not a model (a model descriptor, say), every problem reported by
     * {@code error} with a message naming {@code kind}, the file and why; an empty file gives an
     * empty array.
     */
    public static byte[] read(Path file, String kind, BiFunction<String, Throwable, FacetException> error) {
        requireReadable(file, kind, error);
        return readBytes(file, kind, error);
    }

    private static void requireReadable(Path file, String kind, BiFunction<String, Throwable, FacetException> error) {
        String problem = null;
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            problem = "does not exist" + (parent != null && !Files.isDirectory(parent)
                    ? " (nor does its folder " + parent + ")" : "");
        } else if (Files.isDirectory(file)) {
            problem = "is a directory, not a file";
        } else if (!Files.isRegularFile(file)) {
            problem = "is not a regular file";
        } else if (!Files.isReadable(file)) {
            problem = "cannot be read: permission denied";
        }
        if (problem != null) {
            throw error.apply(kind + " " + file + " " + problem, null);
        }
    }

    private static long size(Path file, String kind, BiFunction<String, Throwable, FacetException> error) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw error.apply(kind + " " + file + " " + why(e), e);
        }
    }

    private static byte[] readBytes(Path file, String kind, BiFunction<String, Throwable, FacetException> error) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw error.apply(kind + " " + file + " " + why(e), e);
        }
    }

    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "cannot be read: permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "does not exist (it disappeared while being read)";
        }
        return "cannot be read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
