package dev.facet.dictionaries.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoldenTest {

    /** A version-1.0 .npy file as NumPy writes it: magic, version, header length, dict padded to 64 bytes. */
    private static byte[] npy(String dict, byte[] data) {
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
        out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] doubles(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buffer.putDouble(v);
        }
        return buffer.array();
    }

    @Test
    void readsAMatrixAndAVector() {
        GoldenArray matrix = Golden.parse("m", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                doubles(1, 2, 3, 4, 5, -6.5)));
        assertArrayEquals(new int[] {2, 3}, matrix.shape());
        assertEquals(-6.5, matrix.get(1, 2));
        assertEquals(4f, matrix.matrix().get(1, 0));
        byte[] ints = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(-2).array();
        GoldenArray vector = Golden.parse("v", npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", ints));
        assertArrayEquals(new int[] {2}, vector.shape());
        assertArrayEquals(new double[] {7, -2}, vector.values());
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThrows(IllegalArgumentException.class, () -> Golden.parse("f", npy(
                "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1), }", doubles(1))));
        assertThrows(IllegalArgumentException.class, () -> Golden.parse("b", npy(
                "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", doubles(1))));
        assertThrows(IllegalArgumentException.class, () -> Golden.parse("t", npy(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles(1))));
        assertThrows(IllegalArgumentException.class, () -> Golden.parse("x", new byte[16]));
    }

    @Test
    void recordsTheLibraryVersions() {
        JsonNode versions = Golden.scalars("versions");
        for (String library : new String[] {"numpy", "scipy", "scikit-learn"}) {
            assertTrue(versions.hasNonNull(library), library);
        }
        assertEquals(2, Golden.array("nmf_mu", "x").shape().length);
    }
}
