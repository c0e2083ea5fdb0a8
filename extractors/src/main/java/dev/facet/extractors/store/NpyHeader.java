package dev.facet.extractors.store;

import dev.facet.spi.InvalidDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The header of a 2-D, C-order {@code .npy} array: element type and shape {@code (rows, cols)}.
 *
 * <p>{@link #encode()} produces a version 1.0 header as the NumPy format specification describes
 * it: the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a little-endian 2-byte length, then
 * an ASCII Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces and
 * ended by {@code \n} so that the whole header is a multiple of {@value #ALIGNMENT} bytes long and
 * the data that follows is aligned.
 *
 * @param dtype element type
 * @param rows  first dimension, {@code >= 0}
 * @param cols  second dimension, {@code >= 0}
 */
public record NpyHeader(StoreDtype dtype, long rows, int cols) {

    /** The six magic bytes every {@code .npy} file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The header length that the specification requires the total header to be a multiple of. */
    public static final int ALIGNMENT = 64;

    /** Magic, two version bytes and the 2-byte length of a version 1.0 header. */
    private static final int V1_PREAMBLE = MAGIC.length + 2 + 2;

    public NpyHeader {
        if (dtype == null) {
            throw new InvalidDataException("A .npy header needs a dtype, found null");
        }
        if (rows < 0 || cols < 0) {
            throw new InvalidDataException("A .npy shape must be non-negative, found (" + rows + ", " + cols + ")");
        }
    }

    /** Bytes of array data that follow the header. */
    public long dataBytes() {
        return rows * cols * dtype.bytes();
    }

    /** The shape as NumPy prints it, e.g. {@code (3, 4)}. */
    public String shapeText() {
        return "(" + rows + ", " + cols + ")";
    }

    /** The Python dict literal of this header, without padding. */
    public String dictLiteral() {
        return "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shapeText() + ", }";
    }

    /** The complete version 1.0 header: magic, version, length and the padded dict literal. */
    public byte[] encode() {
        String dict = dictLiteral();
        int unpadded = V1_PREAMBLE + dict.length() + 1;
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String text = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer header = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - V1_PREAMBLE));
        header.put(text.getBytes(StandardCharsets.US_ASCII));
        return header.array();
    }
}
