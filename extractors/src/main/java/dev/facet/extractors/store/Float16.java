package dev.facet.extractors.store;

/**
 * Conversion between {@code float} and IEEE 754 binary16 ("half", NumPy {@code float16}) bit
 * patterns, which Java 17 lacks.
 *
 * <p>{@link #fromFloat(float)} rounds to the nearest half value, ties to even, exactly as NumPy's
 * {@code astype(np.float16)} does: values too small for a subnormal half become signed zero,
 * values of magnitude {@code >= 65520} become infinity, NaN stays NaN (quiet, sign and high payload
 * bits kept). {@link #toFloat(short)} is exact, since every half value is a float.
 */
public final class Float16 {

    /** The largest finite half value, 65504. */
    public static final float MAX_VALUE = 65504f;

    /** Magnitudes from here up round to infinity: the midpoint between 65504 and 2^16. */
    static final float OVERFLOW_THRESHOLD = 65520f;

    private static final int HALF_EXPONENT_MASK = 0x7C00;
    private static final int HALF_QUIET_BIT = 0x0200;
    private static final int FLOAT_TO_HALF_BIAS = 127 - 15;
    private static final int DROPPED_MANTISSA_BITS = 23 - 10;

    private Float16() {
    }

    /** The half bit pattern nearest to {@code value} (round to nearest, ties to even). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) {
            return (short) (mantissa == 0
                    ? sign | HALF_EXPONENT_MASK
                    : sign | HALF_EXPONENT_MASK | HALF_QUIET_BIT | (mantissa >>> DROPPED_MANTISSA_BITS));
        }
        int halfExponent = exponent - FLOAT_TO_HALF_BIAS;
        if (halfExponent >= 0x1F) {
            return (short) (sign | HALF_EXPONENT_MASK);
        }
        if (halfExponent <= 0) {
            return (short) (sign | subnormal(exponent, mantissa));
        }
        int half = (halfExponent << 10) | (mantissa >>> DROPPED_MANTISSA_BITS);
        // A carry out of the mantissa correctly bumps the exponent, up to infinity (0x7C00).
        return (short) (sign | roundHalfEven(half, mantissa, DROPPED_MANTISSA_BITS));
    }

    /** The float equal to the half bit pattern {@code half}. */
    public static float toFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << DROPPED_MANTISSA_BITS));
        }
        if (exponent == 0) {
            // Subnormal (or zero): mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + FLOAT_TO_HALF_BIAS) << 23)
                | (mantissa << DROPPED_MANTISSA_BITS));
    }

    /**
     * The unsigned half bits of a float whose magnitude is below the smallest normal half
     * (2^-14): a subnormal half {@code m * 2^-24}, where {@code m} may round up to 0x400, the
     * smallest normal.
     */
    private static int subnormal(int floatExponent, int floatMantissa) {
        // value = significand * 2^(floatExponent - 150), so m = significand * 2^(floatExponent - 126).
        int shift = 126 - floatExponent;
        if (shift > 24) {
            return 0; // below half the smallest subnormal (2^-25): rounds to zero
        }
        int significand = floatMantissa | 0x800000;
        return roundHalfEven(significand >>> shift, significand, shift);
    }

    /** {@code truncated}, rounded up when the low {@code droppedBits} of {@code source} say so. */
    private static int roundHalfEven(int truncated, int source, int droppedBits) {
        int rest = source & ((1 << droppedBits) - 1);
        int halfway = 1 << (droppedBits - 1);
        boolean roundUp = rest > halfway || (rest == halfway && (truncated & 1) == 1);
        return roundUp ? truncated + 1 : truncated;
    }
}
