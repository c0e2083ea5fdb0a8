package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.facet.djl.HeapArrays;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named arrays of one sparse autoencoder: trainable parameters (updated by the optimiser)
 * and buffers (state such as running thresholds or normalisation statistics that is saved but
 * not trained). Names are the keys under which the arrays are saved in
 * {@code weights.safetensors}. All arrays live in this object's manager and are freed with it.
 */
public final class SaeParameters implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    public SaeParameters(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    public NDManager manager() {
        return manager;
    }

    /** Registers a trainable parameter initialised from {@code data}. */
    public NDArray addTrainable(String name, float[] data, long... shape) {
        NDArray array = create(name, data, shape);
        array.setRequiresGradient(true);
        trainable.put(name, array);
        return array;
    }

    /** Registers a saved, untrained buffer initialised from {@code data}. */
    public NDArray addBuffer(String name, float[] data, long... shape) {
        NDArray array = create(name, data, shape);
        buffers.put(name, array);
        return array;
    }

    private NDArray create(String name, float[] data, long... shape) {
        if (trainable.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalStateException("Parameter '" + name + "' registered twice");
        }
        NDArray array = manager.create(data, new Shape(shape));
        array.setName(name);
        return array;
    }

    public Map<String, NDArray> trainable() {
        return Collections.unmodifiableMap(trainable);
    }

    public Map<String, NDArray> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    public NDArray get(String name) {
        NDArray array = trainable.get(name);
        return array != null ? array : buffers.get(name);
    }

    /** Heap copies of every array, trainable ones first, in registration order. */
    public Map<String, Tensor> toTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        trainable.forEach((name, array) -> out.put(name, tensor(array)));
        buffers.forEach((name, array) -> out.put(name, tensor(array)));
        return out;
    }

    private static Tensor tensor(NDArray array) {
        return new Tensor(array.getShape().getShape(), array.toFloatArray());
    }

    /**
     * Overwrites every registered array with the tensor of the same name.
     *
     * @throws CorruptArtifactException when a tensor is missing or has another shape
     */
    public void load(Map<String, Tensor> tensors, Path source) {
        Map<String, NDArray> all = new LinkedHashMap<>(trainable);
        all.putAll(buffers);
        for (Map.Entry<String, NDArray> entry : all.entrySet()) {
            Tensor tensor = tensors.get(entry.getKey());
            long[] expected = entry.getValue().getShape().getShape();
            if (tensor == null) {
                throw new CorruptArtifactException(source, "missing tensor '" + entry.getKey() + "' (shape "
                        + Arrays.toString(expected) + "); found " + tensors.keySet());
            }
            if (!Arrays.equals(expected, tensor.shape())) {
                throw new CorruptArtifactException(source, "tensor '" + entry.getKey() + "' has shape "
                        + Arrays.toString(tensor.shape()) + ", expected " + Arrays.toString(expected));
            }
            HeapArrays.overwrite(entry.getValue(), tensor.data());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
