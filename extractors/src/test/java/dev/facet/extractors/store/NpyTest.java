package dev.facet.extractors.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    /** {@code np.save(f, np.array([[1, -2.5, 65504], [1e-4, -0.0, 3.140625]], dtype='<f2'))}, NumPy 2.4. */
    private static final String NUMPY_FLOAT16 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPADB/3uOBgCASEI=";

    @TempDir
    Path dir;

    @Test
    void headerOfA3x4Float32ArrayIsTheSpecifiedBytes() {
        byte[] header = new NpyHeader(StoreDtype.FLOAT32, 3, 4).encode();
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
        assertEquals(128, header.length);
        assertEquals(0, header.length % 64);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0}, Arrays.copyOf(header, 10));
        String text = new String(header, 10, header.length - 10, StandardCharsets.US_ASCII);
        assertEquals(dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n", text);
    }

    @Test
    void headersFollowTheRulesANumPyReaderApplies() {
        long[][] shapes = {{0, 1}, {1, 1}, {3, 4}, {65536, 768}, {123_456_789_012L, 4096}};
        for (StoreDtype dtype : StoreDtype.values()) {
            for (long[] shape : shapes) {
                NpyHeader expected = new NpyHeader(dtype, shape[0], (int) shape[1]);
                byte[] header = expected.encode();
                ByteBuffer buffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                assertArrayEquals(NpyHeader.MAGIC, Arrays.copyOf(header, 6));
                assertEquals(1, header[6], "major version");
                assertEquals(0, header[7], "minor version");
                assertEquals(header.length - 10, Short.toUnsignedInt(buffer.getShort(8)), "HEADER_LEN");
                assertEquals(0, header.length % NpyHeader.ALIGNMENT, "data is 64-byte aligned");
                assertEquals('\n', header[header.length - 1]);
                String dict = new String(header, 10, header.length - 10, StandardCharsets.US_ASCII);
                assertTrue(dict.chars().allMatch(c -> c >= 0x20 && c < 0x7F || c == '\n'), "printable ASCII");
                assertEquals(Map.of("descr", dtype.descr(), "fortran_order", false,
                        "shape", java.util.List.of(shape[0], shape[1])), NpyDictParser.parse(dict.strip()));
            }
        }
    }

    @Test
    void float32RoundTripsExactly() throws IOException {
        FloatMatrix matrix = StoreFixtures.tokens(3, 5, 7);
        Path file = dir.resolve("a.npy");
        Npy.write(file, matrix, StoreDtype.FLOAT32);
        assertEquals(128 + 5 * 7 * 4, Files.size(file));
        assertEquals(matrix, Npy.read(file));
    }

    @Test
    void float16RoundTripsWithinHalfPrecision() throws IOException {
        FloatMatrix matrix = StoreFixtures.tokens(3, 5, 7);
        Path file = dir.resolve("a.npy");
        Npy.write(file, matrix, StoreDtype.FLOAT16);
        assertEquals(128 + 5 * 7 * 2, Files.size(file));
        FloatMatrix read = Npy.read(file);
        for (int i = 0; i < matrix.data().length; i++) {
            float x = matrix.data()[i];
            assertEquals(x, read.data()[i], Math.abs(x) * 0x1p-11f + 0x1p-24f);
            assertEquals(Float16.toFloat(Float16.fromFloat(x)), read.data()[i]);
        }
    }

    @Test
    void readsAFileWrittenByNumPy() throws IOException {
        Path file = dir.resolve("numpy.npy");
        Files.write(file, Base64.getDecoder().decode(NUMPY_FLOAT16));
        FloatMatrix read = Npy.read(file);
        float tenThousandth = Float16.toFloat(Float16.fromFloat(1e-4f));
        assertEquals(FloatMatrix.of(new float[][] {{1f, -2.5f, 65504f}, {tenThousandth, -0f, 3.140625f}}), read);
    }

    @Test
    void readsOtherKeyOrderQuotesAndVersion2() throws IOException {
        Path v1 = write("other.npy", 1, "{\"shape\": (2,1), \"fortran_order\": False, \"descr\": '<f4'}", 2 * 4);
        assertEquals(new FloatMatrix(2, 1, new float[2]), Npy.read(v1));
        Path v2 = write("v2.npy", 2, "{'descr': '<f2', 'fortran_order': False, 'shape': (1, 3), }", 3 * 2);
        assertEquals(new FloatMatrix(1, 3, new float[3]), Npy.read(v2));
    }

    @Test
    void rejectsAWrongMagicString() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, FloatMatrix.zeros(2, 2), StoreDtype.FLOAT32);
        byte[] bytes = Files.readAllBytes(file);
        bytes[1] = 'X';
        Files.write(file, bytes);
        assertCorrupt(file, "expected the magic bytes \"\\x93NUMPY\", found \"\\x93XUMPY\"");
    }

    @Test
    void rejectsUnsupportedVersionsDtypesOrderAndShapes() throws IOException {
        assertCorrupt(write("v3.npy", 3, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", 4),
                "unsupported .npy version 3.0; supported: 1.0, 2.0");
        assertCorrupt(write("f8.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", 8),
                "unsupported dtype <f8; supported: [<f4, <f2]");
        assertCorrupt(write("be.npy", 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }", 4),
                "unsupported dtype >f4");
        assertCorrupt(write("fortran.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16),
                "expected fortran_order False (C order), found true");
        assertCorrupt(write("1d.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 16),
                "expected a 2-D shape (rows, dim), found [4]");
        assertCorrupt(write("3d.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 2), }", 16),
                "expected a 2-D shape (rows, dim), found [1, 2, 2]");
        assertCorrupt(write("keys.npy", 1, "{'descr': '<f4', 'shape': (1, 1), }", 4),
                "must hold exactly the keys [descr, fortran_order, shape]");
        assertCorrupt(write("syntax.npy", 1, "{'descr': '<f4' 'fortran_order': False, 'shape': (1, 1)}", 4),
                "malformed .npy header: expected '}' at character 16");
    }

    @Test
    void rejectsATruncatedOrOverlongFile() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, FloatMatrix.zeros(3, 4), StoreDtype.FLOAT32);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
        assertCorrupt(file, "truncated: a (3, 4) <f4 array needs 128 header + 48 data = 176 bytes, the file has 175");
        Files.write(file, Arrays.copyOf(bytes, bytes.length + 2));
        assertCorrupt(file, "trailing bytes: a (3, 4) <f4 array needs 128 header + 48 data = 176 bytes, the file has 178");
        Files.write(file, Arrays.copyOf(bytes, 60));
        assertCorrupt(file, "truncated: the header declares 128 header bytes, the file has 60 bytes");
        Files.write(file, Arrays.copyOf(bytes, 7));
        assertCorrupt(file, "truncated: expected 8 bytes of the magic string and version, found 7");
    }

    /** Writes a .npy file with a hand-made header dict and {@code dataBytes} zero bytes. */
    private Path write(String name, int major, String dict, int dataBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(NpyHeader.MAGIC);
        out.write(major);
        out.write(0);
        byte[] text = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) text.length);
        } else {
            length.putInt(text.length);
        }
        out.write(length.array());
        out.write(text);
        out.write(new byte[dataBytes]);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void assertCorrupt(Path file, String expectedMessagePart) {
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> Npy.read(file));
        assertEquals(file, e.artifact());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "expected '" + expectedMessagePart + "' in: " + e.getMessage());
    }
}
