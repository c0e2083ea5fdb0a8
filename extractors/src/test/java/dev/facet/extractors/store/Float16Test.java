package dev.facet.extractors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {

    private static int half(float value) {
        return Float16.fromFloat(value) & 0xFFFF;
    }

    private static float value(int bits) {
        return Float16.toFloat((short) bits);
    }

    @Test
    void encodesKnownValues() {
        assertEquals(0x3C00, half(1.0f));
        assertEquals(0xC000, half(-2.0f));
        assertEquals(0x3800, half(0.5f));
        assertEquals(0x3555, half(1f / 3f));
        assertEquals(0x4248, half(3.140625f));
        assertEquals(0x7BFF, half(65504f));
        assertEquals(0x0400, half(0x1p-14f), "smallest normal");
        assertEquals(0x03FF, half(0x1p-14f - 0x1p-24f), "largest subnormal");
        assertEquals(0x0001, half(0x1p-24f), "smallest subnormal");
        assertEquals(0x0000, half(1e-8f), "below half the smallest subnormal");
        assertEquals(0x8000, half(-1e-8f), "keeps the sign of an underflow");
        assertEquals(0x0000, half(0f));
        assertEquals(0x8000, half(-0f));
        assertEquals(0x0000, half(Float.MIN_VALUE), "float subnormal");
    }

    @Test
    void overflowsToInfinityFromTheMidpointAbove65504() {
        assertEquals(0x7BFF, half(65519f));
        assertEquals(0x7C00, half(65520f));
        assertEquals(0x7C00, half(70000f));
        assertEquals(0xFC00, half(-70000f));
        assertEquals(0x7C00, half(Float.MAX_VALUE));
        assertEquals(0x7C00, half(Float.POSITIVE_INFINITY));
        assertEquals(0xFC00, half(Float.NEGATIVE_INFINITY));
    }

    @Test
    void keepsNaNAsQuietNaN() {
        int nan = half(Float.NaN);
        assertEquals(0x7C00, nan & 0x7C00, "exponent all ones");
        assertTrue((nan & 0x03FF) != 0, "non-zero mantissa");
        assertTrue((nan & 0x0200) != 0, "quiet bit");
        int negative = half(Float.intBitsToFloat(0xFF800001));
        assertEquals(0xFE00, negative & 0xFE00, "sign kept, signalling NaN made quiet");
        assertTrue(Float.isNaN(value(0x7C01)));
        assertTrue(Float.isNaN(value(0xFE00)));
    }

    @Test
    void decodesKnownPatterns() {
        assertEquals(1.0f, value(0x3C00));
        assertEquals(-2.0f, value(0xC000));
        assertEquals(65504f, value(0x7BFF));
        assertEquals(0x1p-24f, value(0x0001));
        assertEquals(0x1p-14f - 0x1p-24f, value(0x03FF));
        assertEquals(0x1p-14f, value(0x0400));
        assertEquals(Float.POSITIVE_INFINITY, value(0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, value(0xFC00));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(value(0x8000)));
    }

    @Test
    void roundTripsAllHalfValues() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float decoded = value(bits);
            if (Float.isNaN(decoded)) {
                assertTrue(Float.isNaN(value(half(decoded))), () -> "NaN stays NaN");
            } else {
                final int expected = bits;
                assertEquals(expected, half(decoded), () -> String.format("0x%04X -> %s", expected, decoded));
            }
        }
    }

    @Test
    void roundsMidpointsToEvenAndNeighboursToTheNearest() {
        for (int bits = 0; bits < 0x7C00; bits++) {
            double low = value(bits);
            double high = bits == 0x7BFF ? 65536.0 : value(bits + 1);
            float midpoint = (float) ((low + high) / 2); // exact: 12 significant bits
            int even = (bits & 1) == 0 ? bits : bits + 1;
            for (int sign : new int[] {0, 0x8000}) {
                float signed = sign == 0 ? midpoint : -midpoint;
                assertEquals(even | sign, half(signed), "midpoint " + signed);
                assertEquals(bits | sign, half(sign == 0 ? Math.nextDown(midpoint) : -Math.nextDown(midpoint)),
                        "just below midpoint " + signed);
                assertEquals((bits + 1) | sign, half(sign == 0 ? Math.nextUp(midpoint) : -Math.nextUp(midpoint)),
                        "just above midpoint " + signed);
            }
        }
    }

    @Test
    void randomFloatsMapToTheNearestHalf() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (random.nextDouble(-Float16.MAX_VALUE, Float16.MAX_VALUE) * Math.pow(2, -random.nextInt(30)));
            int bits = half(x);
            double error = Math.abs(x - (double) value(bits));
            double below = Math.abs(x - (double) value((bits & 0x7FFF) == 0 ? bits : bits - 1));
            double above = Math.abs(x - (double) value(bits + 1));
            assertTrue(error <= below && error <= above, () -> x + " -> " + Integer.toHexString(bits));
        }
    }
}
