package dev.facet.dictionaries.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made safetensors byte arrays for tests. */
final class SafetensorsBytes {

    private SafetensorsBytes() {
    }

    /** Length prefix for {@code header} (UTF-8, padded with spaces to 8), the header, then {@code data}. */
    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        return out.put(data).array();
    }

    /** A length prefix of {@code declared} followed by {@code rest} as is. */
    static byte[] raw(long declared, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(declared).put(rest).array();
    }

    /** {@code values} as little-endian float32. */
    static byte[] f32(float... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    /** {@code values} as little-endian float64. */
    static byte[] f64(double... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            out.putDouble(v);
        }
        return out.array();
    }

    /** {@code bits} as little-endian 16-bit words (float16 or bfloat16 bit patterns). */
    static byte[] u16(int... bits) {
        ByteBuffer out = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int b : bits) {
            out.putShort((short) b);
        }
        return out.array();
    }

    /** {@code n} zero bytes. */
    static byte[] zeros(int n) {
        return new byte[n];
    }
}
