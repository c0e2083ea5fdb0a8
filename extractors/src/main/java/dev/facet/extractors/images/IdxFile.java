package dev.facet.extractors.images;

import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The contents of an IDX file of unsigned bytes (the MNIST format): a big-endian header
 * {@code 0x00 0x00 0x08 <number of dimensions>}, one 4-byte big-endian size per dimension, then
 * exactly the product of the sizes in bytes. A file whose name ends in {@code .gz} is
 * gzip-decompressed while it is read. Anything else (a wrong magic number, a short header, missing or
 * extra data, a broken gzip stream) is a {@link CorruptArtifactException} that names the file and
 * says what was expected and what was found.
 */
final class IdxFile {
    /** Unsigned bytes (type code 0x08) in 3 dimensions: n images of h x w pixels. */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes (type code 0x08) in 1 dimension: n labels. */
    static final int LABELS_MAGIC = 0x00000801;

    private final Path file;
    private final int[] dimensions;
    private final byte[] data;

    private IdxFile(Path file, int[] dimensions, byte[] data) {
        this.file = file;
        this.dimensions = dimensions;
        this.data = data;
    }

    /**
     * Reads an IDX file and checks its magic number.
     *
     * @param expectedMagic {@link #IMAGES_MAGIC} or {@link #LABELS_MAGIC}
     * @param contents      what the data bytes are, for messages ("pixel" or "label")
     */
    static IdxFile read(Path file, int expectedMagic, String contents) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("IDX file " + file + " does not exist or is not a file");
        }
        try (InputStream input = open(file)) {
            return parse(file, input, expectedMagic, contents);
        } catch (ZipException | EOFException e) {
            throw new CorruptArtifactException(file, "the gzip stream is corrupt or truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new FacetException("Cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
    }

    static boolean isGzip(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (!isGzip(file)) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static IdxFile parse(Path file, InputStream input, int expectedMagic, String contents) throws IOException {
        int dimensionCount = expectedMagic & 0xFF;
        int headerLength = 4 + 4 * dimensionCount;
        byte[] header = input.readNBytes(headerLength);
        if (header.length < headerLength) {
            throw new CorruptArtifactException(file, "expected a " + headerLength + "-byte IDX header, found only "
                    + header.length + " bytes");
        }
        int magic = bigEndianInt(header, 0);
        if (magic != expectedMagic) {
            throw new CorruptArtifactException(file, String.format(Locale.ROOT,
                    "expected IDX magic number 0x%08X (unsigned bytes, %d dimension%s), found 0x%08X",
                    expectedMagic, dimensionCount, dimensionCount == 1 ? "" : "s", magic));
        }
        int[] dimensions = new int[dimensionCount];
        long dataLength = 1;
        for (int d = 0; d < dimensionCount; d++) {
            dimensions[d] = bigEndianInt(header, 4 + 4 * d);
            if (dimensions[d] < 0) {
                throw new CorruptArtifactException(file, "dimension " + d + " of the IDX header is "
                        + Integer.toUnsignedString(dimensions[d]) + ", larger than 2^31 - 1");
            }
            dataLength *= dimensions[d];
        }
        if (dataLength > Integer.MAX_VALUE - 8) {
            throw new CorruptArtifactException(file, "the IDX header declares " + Arrays.toString(dimensions) + " = "
                    + dataLength + " " + contents + " bytes, more than one Java array can hold");
        }
        byte[] data = input.readNBytes((int) dataLength);
        long trailing = data.length == dataLength ? input.transferTo(OutputStream.nullOutputStream()) : 0;
        if (data.length != dataLength || trailing != 0) {
            throw new CorruptArtifactException(file, "expected " + dataLength + " " + contents
                    + " bytes after the header (dimensions " + Arrays.toString(dimensions) + "), found "
                    + (data.length + trailing));
        }
        return new IdxFile(file, dimensions, data);
    }

    private static int bigEndianInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16)
                | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
    }

    Path file() {
        return file;
    }

    /** Size of dimension {@code axis}. */
    int dimension(int axis) {
        return dimensions[axis];
    }

    /** The data bytes, row-major; not copied. */
    byte[] data() {
        return data;
    }
}
