package dev.facet.dictionaries.io;

import static dev.facet.dictionaries.io.SafetensorsBytes.f64;
import static dev.facet.dictionaries.io.SafetensorsBytes.file;
import static dev.facet.dictionaries.io.SafetensorsBytes.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading F16, BF16 and F64 tensors, converted to float. */
class SafetensorsDtypeTest {

    @TempDir
    Path dir;

    @Test
    void halfToFloatIsExactForAll65536Halves() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float actual = SafetensorsDtype.halfToFloat((short) bits);
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            if (exponent == 0x1f && mantissa != 0) {
                assertTrue(Float.isNaN(actual), "0x" + Integer.toHexString(bits));
                assertEquals(mantissa << 13, Float.floatToRawIntBits(actual) & 0x7fffff, "payload kept");
                continue;
            }
            double magnitude = exponent == 0x1f ? Double.POSITIVE_INFINITY
                    : exponent == 0 ? Math.scalb((double) mantissa, -24)
                    : Math.scalb((double) (1024 + mantissa), exponent - 25);
            float expected = (float) (sign == 1 ? -magnitude : magnitude);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                    "half 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void halfToFloatKnownValues() {
        assertEquals(1.0f, SafetensorsDtype.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, SafetensorsDtype.halfToFloat((short) 0xc000));
        assertEquals(65504.0f, SafetensorsDtype.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, SafetensorsDtype.halfToFloat((short) 0x0001), "smallest subnormal");
        assertEquals(1023 * 0x1p-24f, SafetensorsDtype.halfToFloat((short) 0x03ff), "largest subnormal");
        assertEquals(0x1p-14f, SafetensorsDtype.halfToFloat((short) 0x0400), "smallest normal");
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(SafetensorsDtype.halfToFloat((short) 0x8000)));
        assertEquals(Float.POSITIVE_INFINITY, SafetensorsDtype.halfToFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, SafetensorsDtype.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(SafetensorsDtype.halfToFloat((short) 0x7e00)));
    }

    @Test
    void readsF16() throws IOException {
        Path file = write("f16", "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]}}",
                u16(0x3c00, 0xc000, 0x0001, 0x7bff, 0xfc00, 0x3555));
        float[] data = Safetensors.read(file).tensor("h").data();
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, 65504f, Float.NEGATIVE_INFINITY, 0.333251953125f}, data);
        assertArrayEquals(new long[] {2, 3}, Safetensors.read(file).tensor("h").shape());
    }

    @Test
    void readsBf16AsTheUpperHalfOfAFloat() throws IOException {
        Path file = write("bf16", "{\"b\":{\"dtype\":\"BF16\",\"shape\":[7],\"data_offsets\":[0,14]}}",
                u16(0x3f80, 0xc000, 0x7f80, 0x7fc0, 0x0001, 0x8000, 0x3eab));
        float[] data = Safetensors.read(file).tensor("b").data();
        assertEquals(1f, data[0]);
        assertEquals(-2f, data[1]);
        assertEquals(Float.POSITIVE_INFINITY, data[2]);
        assertTrue(Float.isNaN(data[3]));
        assertEquals(Float.intBitsToFloat(0x00010000), data[4], "bf16 subnormal");
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(data[5]));
        assertEquals(Float.intBitsToFloat(0x3eab0000), data[6]);
    }

    @Test
    void readsF64RoundedToNearestFloat() throws IOException {
        Path file = write("f64", "{\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"v\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[8,40]}}",
                f64(Math.PI, 1.0 / 3.0, 1e300, -0.0, 1e-50));
        SafetensorsFile read = Safetensors.read(file);
        assertEquals((float) Math.PI, read.tensor("d").get());
        assertEquals(0, read.tensor("d").rank());
        float[] v = read.tensor("v").data();
        assertEquals((float) (1.0 / 3.0), v[0]);
        assertEquals(Float.POSITIVE_INFINITY, v[1]);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(v[2]));
        assertEquals(0f, v[3]);
    }

    @Test
    void readsMixedDtypesInAnyBufferOrder() throws IOException {
        // Laid out F64, F16, F32 in the buffer (as Python writes: by alignment), named in another order.
        byte[] data = concat(f64(2.5), u16(0x3c00), SafetensorsBytes.f32(7f));
        Path file = write("mixed", "{\"a_f32\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[10,14]},"
                + "\"b_f16\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]},"
                + "\"c_f64\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", data);
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(7f, read.tensor("a_f32").get(0));
        assertEquals(1f, read.tensor("b_f16").get(0));
        assertEquals(2.5f, read.tensor("c_f64").get(0));
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, file(header, data));
        return file;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
