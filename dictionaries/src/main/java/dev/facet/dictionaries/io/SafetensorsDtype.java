package dev.facet.dictionaries.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The safetensors element types Facet reads, with their size in bytes and their conversion to
 * {@code float}. Facet writes only {@link #F32}.
 */
enum SafetensorsDtype {
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary16; converted exactly (every half is representable as a float). */
    F16(2),
    /** bfloat16: the upper 16 bits of a binary32; converted exactly. */
    BF16(2),
    /** IEEE 754 binary64; rounded to the nearest float. */
    F64(8);

    private final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** The dtype spelled {@code name} in a header ("F32", ...), if Facet reads it. */
    static Optional<SafetensorsDtype> fromHeader(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** The names Facet reads, for error messages. */
    static String supported() {
        return Arrays.toString(values());
    }

    /**
     * Converts the little-endian elements remaining in {@code in} (a whole number of elements)
     * into {@code out} starting at {@code offset}; returns the number of elements converted.
     */
    int decode(ByteBuffer in, float[] out, int offset) {
        int count = in.remaining() / size;
        switch (this) {
            case F32 -> in.asFloatBuffer().get(out, offset, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = halfToFloat(in.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = (float) in.getDouble();
                }
            }
            default -> throw new IllegalStateException("No decoder for " + this);
        }
        in.position(in.position() + (this == F32 ? count * size : 0));
        return count;
    }

    /**
     * The exact float value of an IEEE 754 binary16: signed zeros, subnormals, normals,
     * infinities, and NaNs with their payload kept in the upper mantissa bits.
     */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
