package dev.facet.extractors.store;

import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Element type of an activation store's shards: little-endian float32 ({@code <f4}) or float16
 * ({@code <f2}). Encoding and decoding work on little-endian {@link ByteBuffer}s.
 */
public enum StoreDtype {
    /** IEEE single precision, NumPy {@code <f4}. */
    FLOAT32("<f4", 4),
    /** IEEE half precision, NumPy {@code <f2}: half the disk space, about 3 significant digits. */
    FLOAT16("<f2", 2);

    private final String descr;
    private final int bytes;

    StoreDtype(String descr, int bytes) {
        this.descr = descr;
        this.bytes = bytes;
    }

    /** The NumPy type string written in a {@code .npy} header, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The NumPy dtype name used in {@code manifest.json}: {@code float32} or {@code float16}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dtype whose {@link #descr()} is {@code descr}, if supported. */
    public static Optional<StoreDtype> fromDescr(String descr) {
        return Arrays.stream(values()).filter(d -> d.descr.equals(descr)).findFirst();
    }

    /** The dtype whose {@link #jsonName()} is {@code name}, if supported. */
    public static Optional<StoreDtype> fromJsonName(String name) {
        return Arrays.stream(values()).filter(d -> d.jsonName().equals(name)).findFirst();
    }

    /**
     * Throws {@link InvalidDataException} naming {@code what} and the first value that this dtype
     * cannot hold as a finite number (float16 overflows from magnitude 65520 on).
     */
    public void requireRepresentable(String what, FloatMatrix matrix) {
        if (this != FLOAT16) {
            return;
        }
        float[] data = matrix.data();
        for (int i = 0; i < data.length; i++) {
            if (Math.abs(data[i]) >= Float16.OVERFLOW_THRESHOLD) {
                throw new InvalidDataException(what + " holds " + data[i] + " at row " + i / matrix.cols()
                        + ", column " + i % matrix.cols() + ", beyond the float16 range of +-"
                        + Float16.MAX_VALUE + "; use a float32 store");
            }
        }
    }

    /** Writes {@code count} values of {@code source} from {@code offset} into {@code target}. */
    void encode(float[] source, int offset, int count, ByteBuffer target) {
        if (this == FLOAT32) {
            target.asFloatBuffer().put(source, offset, count);
            target.position(target.position() + count * bytes);
            return;
        }
        for (int i = offset; i < offset + count; i++) {
            target.putShort(Float16.fromFloat(source[i]));
        }
    }

    /** Reads {@code count} values from {@code source} into {@code target} from {@code offset}. */
    void decode(ByteBuffer source, float[] target, int offset, int count) {
        if (this == FLOAT32) {
            source.asFloatBuffer().get(target, offset, count);
            source.position(source.position() + count * bytes);
            return;
        }
        for (int i = offset; i < offset + count; i++) {
            target[i] = Float16.toFloat(source.getShort());
        }
    }
}
