package dev.facet.cli;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.visualization.maco.FloatNpy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A direction in a hook point's activation space, read from a float32 or float64 {@code .npy} vector of
 * shape {@code (D,)}, {@code (1, D)} or {@code (D, 1)} ({@code numpy.save}): the vector of {@code facet visualize --direction}, whose objective is
 * {@link dev.facet.spi.attribution.DirectionObjective} (docs/usage.md#feature-visualization).
 */
final class DirectionFile {

    private DirectionFile() {
    }

    /**
     * The vector of {@code file}, checked to be finite, not all zero and {@code width} long.
     *
     * @param field the option that named the file, for messages
     * @throws ConfigException       when the file does not exist
     * @throws InvalidDataException  naming the file when its shape or values are unusable
     */
    static float[] read(Path file, int width, String field) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(field + ": " + file + " is not a file; expected a float .npy vector of shape ("
                    + width + ",)");
        }
        FloatNpy.Array array = FloatNpy.read(file);
        int[] shape = array.shape();
        if (shape.length < 1 || shape.length > 2 || (shape.length == 2 && Math.min(shape[0], shape[1]) != 1)) {
            throw new InvalidDataException(field + ": " + file + " holds an array of shape " + Arrays.toString(shape)
                    + "; expected one vector, shape (" + width + ",)");
        }
        float[] vector = array.values();
        if (vector.length != width) {
            throw new InvalidDataException(field + ": " + file + " holds a vector of " + vector.length
                    + " values; the hook point has " + width + " channels");
        }
        boolean nonZero = false;
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new InvalidDataException(field + ": " + file + " holds a non-finite value (" + vector[i]
                        + ") at index " + i);
            }
            nonZero |= vector[i] != 0;
        }
        if (!nonZero) {
            throw new InvalidDataException(field + ": " + file + " holds the zero vector, which has no direction");
        }
        return vector;
    }
}
