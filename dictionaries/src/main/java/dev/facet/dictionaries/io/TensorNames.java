package dev.facet.dictionaries.io;

import dev.facet.spi.InvalidDataException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Tensor name rules shared by the writer and the reader. */
final class TensorNames {

    /**
     * Orders names by their UTF-8 bytes, as the reference implementation sorts them; this differs
     * from {@link String#compareTo} only for characters outside the Basic Multilingual Plane.
     */
    static final Comparator<String> ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private TensorNames() {
    }

    /** Throws unless {@code name} can name a tensor in a safetensors file. */
    static void requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidDataException("Invalid tensor name " + (name == null ? "null" : "''")
                    + "; expected a non-empty string");
        }
        if (Safetensors.METADATA_KEY.equals(name)) {
            throw new InvalidDataException("Invalid tensor name '" + name + "'; it is reserved for the metadata");
        }
    }
}
