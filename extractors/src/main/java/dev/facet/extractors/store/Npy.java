package dev.facet.extractors.store;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes 2-D float arrays in NumPy's {@code .npy} format (little-endian, C order,
 * {@code <f4} or {@code <f2}), streaming the data in chunks so no second copy of an array is
 * made.
 *
 * <p>Reading validates everything a NumPy reader relies on and reports any mismatch as a
 * {@link CorruptArtifactException} naming the file, what was expected and what was found: the
 * magic string, the version (1.0 or 2.0), the header dict (exactly the keys {@code descr},
 * {@code fortran_order}, {@code shape}), a supported dtype, C order, a 2-D shape, and a file
 * length equal to header plus data (shorter is truncated, longer has trailing garbage).
 */
public final class Npy {

    private static final int CHUNK_BYTES = 1 << 20;
    private static final int MAX_DICT_BYTES = 1 << 16;
    private static final Set<String> HEADER_KEYS = Set.of("descr", "fortran_order", "shape");
    private static final List<String> SUPPORTED_DESCRS =
            Arrays.stream(StoreDtype.values()).map(StoreDtype::descr).toList();

    private Npy() {
    }

    /** Writes {@code matrix} to {@code file} (replacing it) as {@code dtype}. Not atomic. */
    public static void write(Path file, FloatMatrix matrix, StoreDtype dtype) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, matrix.data(), matrix.rows(), matrix.cols(), dtype);
        } catch (IOException e) {
            throw new FacetException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole 2-D float array from {@code file}, converting float16 to float. */
    public static FloatMatrix read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = new BufferedInputStream(Channels.newInputStream(channel))) {
            NpyHeader header = readHeader(file, in, channel.size());
            return readData(file, in, header);
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "cannot read .npy file: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a header and the first {@code rows * cols} values of {@code data} (row-major) to
     * {@code out}; the caller closes {@code out}.
     */
    public static void write(OutputStream out, float[] data, int rows, int cols, StoreDtype dtype)
            throws IOException {
        long values = (long) rows * cols;
        if (values > data.length) {
            throw new InvalidDataException("Cannot write a " + rows + "x" + cols + " array from "
                    + data.length + " values");
        }
        out.write(new NpyHeader(dtype, rows, cols).encode());
        int chunkValues = CHUNK_BYTES / dtype.bytes();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(1, values * dtype.bytes())))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int offset = 0; offset < values; offset += chunkValues) {
            int count = (int) Math.min(chunkValues, values - offset);
            chunk.clear();
            dtype.encode(data, offset, count, chunk);
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    /**
     * Reads and validates the header at the start of {@code in}, leaving {@code in} at the first
     * data byte.
     *
     * @param file     the file {@code in} reads, named in errors
     * @param fileSize the file's length in bytes, checked against the header
     */
    public static NpyHeader readHeader(Path file, InputStream in, long fileSize) throws IOException {
        byte[] preamble = readExactly(file, in, NpyHeader.MAGIC.length + 2, "the magic string and version");
        byte[] magic = Arrays.copyOf(preamble, NpyHeader.MAGIC.length);
        if (!Arrays.equals(magic, NpyHeader.MAGIC)) {
            throw new CorruptArtifactException(file, "not a .npy file: expected the magic bytes "
                    + printable(NpyHeader.MAGIC) + ", found " + printable(magic));
        }
        int major = preamble[6] & 0xFF;
        int minor = preamble[7] & 0xFF;
        if ((major != 1 && major != 2) || minor != 0) {
            throw new CorruptArtifactException(file, "unsupported .npy version " + major + "." + minor
                    + "; supported: 1.0, 2.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer length = ByteBuffer.wrap(readExactly(file, in, lengthBytes, "the header length"))
                .order(ByteOrder.LITTLE_ENDIAN);
        long dictBytes = major == 1 ? Short.toUnsignedInt(length.getShort()) : Integer.toUnsignedLong(length.getInt());
        if (dictBytes > MAX_DICT_BYTES) {
            throw new CorruptArtifactException(file, "the header declares a " + dictBytes
                    + "-byte dict; expected at most " + MAX_DICT_BYTES);
        }
        long headerBytes = preamble.length + lengthBytes + dictBytes;
        if (headerBytes > fileSize) {
            throw new CorruptArtifactException(file, "truncated: the header declares " + headerBytes
                    + " header bytes, the file has " + fileSize + " bytes");
        }
        String dict = new String(readExactly(file, in, (int) dictBytes, "the header dict"), StandardCharsets.ISO_8859_1);
        NpyHeader header = interpret(file, dict);
        long expected = headerBytes + header.dataBytes();
        if (fileSize != expected) {
            throw new CorruptArtifactException(file, (fileSize < expected ? "truncated" : "trailing bytes")
                    + ": a " + header.shapeText() + " " + header.dtype().descr() + " array needs "
                    + headerBytes + " header + " + header.dataBytes() + " data = " + expected
                    + " bytes, the file has " + fileSize);
        }
        return header;
    }

    /** Reads the data that {@code header} describes from {@code in}. */
    public static FloatMatrix readData(Path file, InputStream in, NpyHeader header) throws IOException {
        long values = header.rows() * header.cols();
        if (header.rows() > Integer.MAX_VALUE || values > Integer.MAX_VALUE - 8) {
            throw new CorruptArtifactException(file, "a " + header.shapeText()
                    + " array does not fit in one Java float array");
        }
        StoreDtype dtype = header.dtype();
        float[] data = new float[(int) values];
        int chunkValues = CHUNK_BYTES / dtype.bytes();
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(1, values * dtype.bytes()))];
        for (int offset = 0; offset < values; offset += chunkValues) {
            int count = (int) Math.min(chunkValues, values - offset);
            int read = in.readNBytes(chunk, 0, count * dtype.bytes());
            if (read < count * dtype.bytes()) {
                throw new CorruptArtifactException(file, "truncated: expected " + header.dataBytes()
                        + " data bytes, found " + ((long) offset * dtype.bytes() + read));
            }
            dtype.decode(ByteBuffer.wrap(chunk, 0, read).order(ByteOrder.LITTLE_ENDIAN), data, offset, count);
        }
        return new FloatMatrix((int) header.rows(), header.cols(), data);
    }

    private static NpyHeader interpret(Path file, String dict) {
        Map<String, Object> fields;
        try {
            fields = NpyDictParser.parse(dict.strip());
        } catch (IllegalArgumentException e) {
            throw new CorruptArtifactException(file, "malformed .npy header: " + e.getMessage());
        }
        if (!fields.keySet().equals(HEADER_KEYS)) {
            throw new CorruptArtifactException(file, "the .npy header must hold exactly the keys "
                    + "[descr, fortran_order, shape], found " + fields.keySet());
        }
        StoreDtype dtype = fields.get("descr") instanceof String descr ? StoreDtype.fromDescr(descr).orElse(null) : null;
        if (dtype == null) {
            throw new CorruptArtifactException(file, "unsupported dtype " + fields.get("descr")
                    + "; supported: " + SUPPORTED_DESCRS);
        }
        if (!Boolean.FALSE.equals(fields.get("fortran_order"))) {
            throw new CorruptArtifactException(file, "expected fortran_order False (C order), found "
                    + fields.get("fortran_order"));
        }
        if (!(fields.get("shape") instanceof List<?> shape) || shape.size() != 2) {
            throw new CorruptArtifactException(file, "expected a 2-D shape (rows, dim), found "
                    + fields.get("shape"));
        }
        long rows = (Long) shape.get(0);
        long cols = (Long) shape.get(1);
        if (cols > Integer.MAX_VALUE || rows > Long.MAX_VALUE / Math.max(1, cols * dtype.bytes())) {
            throw new CorruptArtifactException(file, "shape (" + rows + ", " + cols + ") is too large");
        }
        return new NpyHeader(dtype, rows, (int) cols);
    }

    private static byte[] readExactly(Path file, InputStream in, int count, String what) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new CorruptArtifactException(file, "truncated: expected " + count + " bytes of " + what
                    + ", found " + bytes.length);
        }
        return bytes;
    }

    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return text.append('"').toString();
    }
}
