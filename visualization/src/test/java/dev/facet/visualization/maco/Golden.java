package dev.facet.visualization.maco;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The golden arrays of {@code src/test/resources/golden/make_golden.py} (torch and NumPy), float32
 * {@code .npy} files read from the test class path.
 */
public final class Golden {

    private Golden() {
    }

    /** The array {@code golden/NAME.npy}. */
    public static FloatNpy.Array array(String name) {
        return FloatNpy.read(path(name));
    }

    /** The file {@code golden/NAME.npy}. */
    public static Path path(String name) {
        URL url = Golden.class.getResource("/golden/" + name + ".npy");
        if (url == null) {
            throw new IllegalStateException("No golden file " + name + ".npy; run make_golden.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of {@code golden/NAME.npy}. */
    public static float[] values(String name) {
        return array(name).values();
    }

    /** max |actual − expected| / max |expected|. */
    public static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("Length " + actual.length + " != " + expected.length);
        }
        double scale = 0;
        double error = 0;
        for (int i = 0; i < actual.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            error = Math.max(error, Math.abs(actual[i] - expected[i]));
        }
        return error / scale;
    }
}
