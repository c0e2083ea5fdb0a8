package dev.facet.dictionaries.io;

import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of a safetensors file read by {@link Safetensors#read}: every tensor converted to
 * {@code float}, and the {@code __metadata__} strings.
 *
 * <p>The tensors' arrays are not copied by {@link #tensor} or {@link #matrix}; treat them as
 * read-only.
 *
 * @param file     the file the content came from, named in errors
 * @param tensors  tensors by name, iterating in name order (unmodifiable)
 * @param metadata metadata by key, iterating in key order; empty when the file has none (unmodifiable)
 */
public record SafetensorsFile(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        if (file == null || tensors == null || metadata == null) {
            throw new InvalidDataException("SafetensorsFile needs a file, tensors and metadata; found file=" + file
                    + ", tensors=" + tensors + ", metadata=" + metadata);
        }
        tensors = Collections.unmodifiableMap(sorted(tensors));
        metadata = Collections.unmodifiableMap(sorted(metadata));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws CorruptArtifactException naming the file, the missing name and the names present
     */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CorruptArtifactException(file, "no tensor named '" + name + "'; available: "
                    + tensors.keySet());
        }
        return tensor;
    }

    /**
     * The rank-2 tensor called {@code name} as a matrix sharing its data.
     *
     * @throws CorruptArtifactException naming the file when the tensor is missing or not rank 2
     */
    public FloatMatrix matrix(String name) {
        Tensor tensor = tensor(name);
        long[] shape = tensor.shape();
        if (shape.length != 2 || shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE) {
            throw new CorruptArtifactException(file, "tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + "; expected a rank-2 matrix");
        }
        return new FloatMatrix((int) shape[0], (int) shape[1], tensor.data());
    }

    /** Whether a tensor called {@code name} is present. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        Map<String, V> sorted = new TreeMap<>(TensorNames.ORDER);
        sorted.putAll(map);
        return new LinkedHashMap<>(sorted);
    }
}
