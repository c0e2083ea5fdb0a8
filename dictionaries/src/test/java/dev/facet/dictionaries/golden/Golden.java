package dev.facet.dictionaries.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facet.spi.tensor.FloatMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The golden parity fixtures of {@code src/test/python/make_parity_golden.py}: arrays in NumPy's
 * {@code .npy} format (format versions 1–3, little-endian {@code <f4}, {@code <f8} or {@code <i8},
 * C order) named {@code <fixture>_<array>.npy}, and {@code golden.json} with the scalar
 * expectations of each fixture and the versions of the libraries that computed them
 * (docs/development.md#golden-parity-files). Read from the test class path.
 */
public final class Golden {

    private static final String DIR = "/dev/facet/dictionaries/golden/";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static JsonNode scalars;

    private Golden() {
    }

    /** One array, every dtype widened to double. */
    public static GoldenArray array(String fixture, String name) {
        String resource = DIR + fixture + "_" + name + ".npy";
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No golden file " + resource
                        + "; run src/test/python/make_parity_golden.py");
            }
            return parse(resource, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /** A 2-D array as a float matrix (float32 inputs exactly; float64 rounded). */
    public static FloatMatrix matrix(String fixture, String name) {
        return array(fixture, name).matrix();
    }

    /** A 1-D integer array. */
    public static int[] ints(String fixture, String name) {
        return Arrays.stream(array(fixture, name).values()).mapToInt(v -> (int) v).toArray();
    }

    /** The scalar expectations of one fixture, from {@code golden.json}. */
    public static synchronized JsonNode scalars(String fixture) {
        if (scalars == null) {
            try (InputStream in = Golden.class.getResourceAsStream(DIR + "golden.json")) {
                scalars = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode node = scalars.get(fixture);
        if (node == null) {
            throw new IllegalStateException("golden.json has no fixture '" + fixture + "'");
        }
        return node;
    }

    static GoldenArray parse(String name, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(name + " is not a .npy file");
        }
        int major = bytes[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort(8)) : buffer.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        String header = new String(bytes, major == 1 ? 10 : 12, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name);
        if (!"False".equals(find(FORTRAN, header, name))) {
            throw new IllegalArgumentException(name + " is in Fortran order; write it C-contiguous");
        }
        int[] shape = Arrays.stream(find(SHAPE, header, name).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IllegalArgumentException(name + " has dtype " + descr
                    + "; expected <f4, <f8 or <i8");
        };
        if (bytes.length != dataStart + (long) count * width) {
            throw new IllegalArgumentException(name + " holds " + (bytes.length - dataStart) + " data bytes, expected "
                    + (long) count * width);
        }
        double[] values = new double[count];
        buffer.position(dataStart);
        for (int i = 0; i < count; i++) {
            values[i] = switch (descr) {
                case "<f4" -> buffer.getFloat();
                case "<f8" -> buffer.getDouble();
                default -> buffer.getLong();
            };
        }
        return new GoldenArray(shape, values);
    }

    private static String find(Pattern pattern, String header, String name) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(name + " header lacks " + pattern.pattern() + ": " + header);
        }
        return m.group(1);
    }
}
