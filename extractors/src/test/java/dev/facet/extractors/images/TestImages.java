package dev.facet.extractors.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Builds small test images and files. */
final class TestImages {

    private TestImages() {
    }

    /** An opaque RGB image filled with one colour. */
    static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** An opaque RGB image from rows of 0xRRGGBB values. */
    static BufferedImage rgb(int[][] rows) {
        BufferedImage image = new BufferedImage(rows[0].length, rows.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length; x++) {
                image.setRGB(x, y, rows[y][x]);
            }
        }
        return image;
    }

    /** A noisy RGB image whose content depends on {@code seed}, so its PNG does not compress to nothing. */
    static BufferedImage noise(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /** Encodes an image in {@code format} ("png", "jpg", "bmp", "gif"). */
    static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an image to {@code file} in the format its extension names. */
    static Path write(Path file, BufferedImage image) {
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return writeBytes(file, encode(image, format.equals("jpeg") ? "jpg" : format));
    }

    static Path writeBytes(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a valid PNG of a noisy image. */
    static byte[] truncatedPng() {
        byte[] full = encode(noise(64, 48, 7), "png");
        return Arrays.copyOf(full, full.length / 2);
    }

    /** An IDX images file (magic 0x803) of {@code count} images of {@code height x width}: pixel (i, y, x) = (i * 31 + y * w + x) mod 256. */
    static byte[] idxImages(int count, int height, int width) {
        byte[] pixels = new byte[count * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) idxPixel(i / (height * width), (i / width) % height, i % width, width);
        }
        return idx(0x803, new int[] {count, height, width}, pixels);
    }

    static int idxPixel(int image, int y, int x, int width) {
        return (image * 31 + y * width + x) & 0xFF;
    }

    /** An IDX file with the given magic, dimensions and data. */
    static byte[] idx(int magic, int[] dimensions, byte[] data) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int dimension : dimensions) {
                out.writeInt(dimension);
            }
            out.write(data);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An IDX labels file (magic 0x801) holding {@code labels}. */
    static byte[] idxLabels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(0x801, new int[] {labels.length}, data);
    }

    static byte[] gzip(byte[] data) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
