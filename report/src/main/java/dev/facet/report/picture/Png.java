package dev.facet.report.picture;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads and writes PNG files. Writing encodes in memory and replaces the file by a rename
 * ({@link AtomicFiles#writeWithoutSync}, no fsync per picture), so a killed run never leaves a
 * half-written picture; neither direction uses ImageIO's disk cache.
 */
public final class Png {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {
    }

    /** The PNG encoding of {@code image}. */
    public static byte[] encode(BufferedImage image) {
        Inputs.requireImage(image);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new FacetException("No PNG encoder accepts a " + image.getWidth() + "x" + image.getHeight()
                        + " image of type " + image.getType());
            }
        } catch (IOException e) {
            throw new FacetException("Cannot encode a " + image.getWidth() + "x" + image.getHeight() + " PNG: " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes {@code image} to {@code file} as PNG atomically, creating missing parent directories.
     *
     * @throws FacetException naming the file when it cannot be written
     */
    public static void write(BufferedImage image, Path file) {
        if (file == null) {
            throw new InvalidDataException("PNG target: expected a path, found null");
        }
        writeBytes(encode(image), file);
    }

    /** Writes encoded picture bytes to {@code file} atomically, creating missing parent directories. */
    static void writeBytes(byte[] bytes, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new FacetException("Cannot create the directory of " + file + ": " + e, e);
        }
        AtomicFiles.writeWithoutSync(file, bytes);
    }

    /**
     * Reads the image in {@code file}.
     *
     * @throws FacetException naming the file when it does not exist or cannot be read
     * @throws CorruptArtifactException when the file is not a readable image (wrong format, truncated)
     */
    public static BufferedImage read(Path file) {
        if (file == null) {
            throw new InvalidDataException("PNG source: expected a path, found null");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FacetException("Cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new FacetException("Cannot read " + file + ": " + e, e);
        }
        // ImageIO.read closes the stream itself unless it returns null; the stream is in memory, so
        // leaving it to the garbage collector in the other cases is harmless.
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        BufferedImage image;
        try {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) { // decoders throw unchecked errors on some damage
            throw new CorruptArtifactException(file, "expected a PNG image, found " + describe(bytes)
                    + " that cannot be decoded (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new CorruptArtifactException(file, "expected a PNG image, found " + describe(bytes));
        }
        return image;
    }

    private static String describe(byte[] bytes) {
        boolean signature = bytes.length >= SIGNATURE.length;
        for (int i = 0; signature && i < SIGNATURE.length; i++) {
            signature = bytes[i] == SIGNATURE[i];
        }
        return bytes.length + " bytes " + (signature ? "with a PNG signature" : "without the PNG signature");
    }
}
