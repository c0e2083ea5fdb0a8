package dev.facet.extractors;

import dev.facet.spi.BackboneException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a model file before an engine sees it, so that a bad path is reported as what is wrong with
 * it (it does not exist, is a directory, cannot be read for lack of permission) rather than as the
 * engine's bare message.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * Requires {@code model} to be a readable regular file.
     *
     * @param kind what the file should be, e.g. {@code "ONNX model"}
     * @throws BackboneException naming the file and why it cannot be used
     */
    public static void requireReadable(Path model, String kind) {
        if (!Files.exists(model)) {
            Path parent = model.toAbsolutePath().getParent();
            throw new BackboneException(kind + " " + model + " does not exist"
                    + (parent != null && !Files.isDirectory(parent) ? " (nor does its folder " + parent + ")" : ""));
        }
        if (Files.isDirectory(model)) {
            throw new BackboneException(kind + " " + model + " is a directory, not a model file");
        }
        if (!Files.isRegularFile(model)) {
            throw new BackboneException(kind + " " + model + " is not a regular file");
        }
        if (!Files.isReadable(model)) {
            throw new BackboneException(kind + " " + model + " cannot be read: permission denied");
        }
    }

    /**
     * The bytes of a readable model file.
     *
     * @throws BackboneException naming the file and why it cannot be read
     */
    public static byte[] read(Path model, String kind) {
        requireReadable(model, kind);
        try {
            return Files.readAllBytes(model);
        } catch (AccessDeniedException e) {
            throw new BackboneException(kind + " " + model + " cannot be read: permission denied", e);
        } catch (NoSuchFileException e) {
            throw new BackboneException(kind + " " + model + " does not exist (it disappeared while being read)", e);
        } catch (IOException e) {
            throw new BackboneException(kind + " " + model + " cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }
}
