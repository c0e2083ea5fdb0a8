package dev.facet.extractors.images;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Valid PNG decompression bombs: an 8-bit RGB image of any size whose rows are all black, written
 * chunk by chunk (signature, IHDR, one IDAT holding a single zlib stream, IEND, every chunk with its
 * CRC) so making one never holds the decoded data: a 20000 x 20000 bomb is about 1.2 MB on disk and
 * 1.2 GB decoded. Shared with the CLI's tests.
 */
public final class PngBombs {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int RGB_COLOUR_TYPE = 2;
    private static final int CHUNK = 1 << 20;
    /** Deflate with a 32 KB window at maximum compression, a valid header check. */
    private static final int ZLIB_HEADER = 0x78DA;
    private static final long ADLER_MODULUS = 65521;

    private PngBombs() {
    }

    /** The bytes of a black 8-bit RGB PNG of {@code width x height}. */
    public static byte[] png(int width, int height) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream ihdr = new DataOutputStream(header);
            ihdr.writeInt(width);
            ihdr.writeInt(height);
            ihdr.writeByte(8);
            ihdr.writeByte(RGB_COLOUR_TYPE);
            ihdr.writeByte(0);
            ihdr.writeByte(0);
            ihdr.writeByte(0);
            chunk(out, "IHDR", header.toByteArray());
            chunk(out, "IDAT", zeroRows(width, height));
            chunk(out, "IEND", new byte[0]);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #png} to {@code file}. */
    public static Path write(Path file, int width, int height) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, png(width, height));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The zlib stream of {@code height} rows, each a filter byte 0 and {@code 3 * width} zero samples:
     * all zero bytes. A megabyte of zeros is deflated once, ending in a full flush so the block stands
     * alone, and repeated; the rest is deflated as the final block, and the Adler-32 of {@code n}
     * zeros is {@code (n mod 65521) << 16 | 1}.
     */
    private static byte[] zeroRows(int width, int height) throws IOException {
        long total = (long) height * (1 + 3L * width);
        byte[] megabyte = rawDeflate(CHUNK, Deflater.FULL_FLUSH);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream zlib = new DataOutputStream(out);
        zlib.writeShort(ZLIB_HEADER);
        for (long i = 0; i < total / CHUNK; i++) {
            zlib.write(megabyte);
        }
        zlib.write(rawDeflate((int) (total % CHUNK), -1));
        zlib.writeInt((int) ((total % ADLER_MODULUS) << 16 | 1));
        return out.toByteArray();
    }

    /** {@code length} zero bytes as raw deflate blocks, ended by {@code flush} or, when -1, as the final block. */
    private static byte[] rawDeflate(int length, int flush) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(new byte[length]);
            if (flush < 0) {
                deflater.finish();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int n = flush < 0 ? deflater.deflate(buffer) : deflater.deflate(buffer, 0, buffer.length, flush);
                out.write(buffer, 0, n);
                if (flush < 0 ? deflater.finished() : n < buffer.length && deflater.needsInput()) {
                    return out.toByteArray();
                }
            }
        } finally {
            deflater.end();
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
