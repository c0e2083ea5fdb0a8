package dev.facet.visualization.maco;

import dev.facet.spi.FacetException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N-dimensional float arrays in NumPy's {@code .npy} format: reads little-endian {@code <f4} or
 * {@code <f8} in C order (format versions 1–3), writes {@code <f4} version 1.0. Every mismatch is
 * an {@link InvalidDataException} naming the file. (The extractors' {@code Npy} streams 2-D arrays
 * only.)
 */
public final class FloatNpy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** An array's shape and its values in C order. */
    public record Array(int[] shape, float[] values) {
    }

    private FloatNpy() {
    }

    /** Reads {@code file}; float64 values are rounded to float. */
    public static Array read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FacetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw invalid(file, "not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        int headerLength;
        int dataStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buffer.getShort(8));
            dataStart = 10 + headerLength;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw invalid(file, "truncated header");
            }
            headerLength = buffer.getInt(8);
            dataStart = 12 + headerLength;
        } else {
            throw invalid(file, "unsupported .npy format version " + major);
        }
        if (headerLength < 0 || dataStart > bytes.length) {
            throw invalid(file, "truncated header");
        }
        String header = new String(bytes, dataStart - headerLength, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(file, DESCR, header, "descr");
        if (!descr.equals("<f4") && !descr.equals("<f8")) {
            throw invalid(file, "dtype " + descr + " is not little-endian float32 (<f4) or float64 (<f8)");
        }
        if (group(file, FORTRAN, header, "fortran_order").equals("True")) {
            throw invalid(file, "Fortran order is not supported; save a C-order array");
        }
        int[] shape = parseShape(file, group(file, SHAPE, header, "shape"));
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        int width = descr.equals("<f4") ? Float.BYTES : Double.BYTES;
        if (count > Integer.MAX_VALUE || bytes.length - dataStart != count * width) {
            throw invalid(file, "holds " + (bytes.length - dataStart) + " data bytes, shape "
                    + Arrays.toString(shape) + " of " + descr + " needs " + count * width);
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = width == Float.BYTES
                    ? buffer.getFloat(dataStart + i * width)
                    : (float) buffer.getDouble(dataStart + i * width);
        }
        return new Array(shape, values);
    }

    /** Writes {@code values} of {@code shape} to {@code file} as float32, atomically. */
    public static void write(Path file, int[] shape, float[] values) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new InvalidDataException("Cannot write " + values.length + " values as shape "
                    + Arrays.toString(shape) + " to " + file);
        }
        StringBuilder shapeText = new StringBuilder("(");
        for (int d : shape) {
            shapeText.append(d).append(", ");
        }
        if (shape.length > 1) {
            shapeText.setLength(shapeText.length() - 2);
        } else if (shape.length == 1) {
            shapeText.setLength(shapeText.length() - 1);
        }
        shapeText.append(')');
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
                .append(shapeText).append(", }");
        int unpadded = 10 + dict.length() + 1;
        dict.append(" ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT)).append('\n');
        byte[] header = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + values.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        for (float v : values) {
            out.putFloat(v);
        }
        AtomicFiles.write(file, out.array());
    }

    private static int[] parseShape(Path file, String text) {
        String[] parts = text.split(",");
        int[] shape = new int[parts.length];
        int n = 0;
        for (String part : parts) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                shape[n] = Integer.parseInt(trimmed.endsWith("L") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            } catch (NumberFormatException e) {
                throw invalid(file, "malformed shape (" + text + ")");
            }
            if (shape[n] < 0) {
                throw invalid(file, "negative dimension in shape (" + text + ")");
            }
            n++;
        }
        return Arrays.copyOf(shape, n);
    }

    private static String group(Path file, Pattern pattern, String header, String key) {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw invalid(file, "header has no '" + key + "': " + header.trim());
        }
        return matcher.group(1);
    }

    private static InvalidDataException invalid(Path file, String problem) {
        return new InvalidDataException(file + ": " + problem);
    }
}
