package dev.facet.dictionaries.sae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.facet.djl.HeapArrays;
import dev.facet.spi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) with β = (0.9, 0.999), ε = 1e-8, run by the engine's fused update
 * kernel, with its moment estimates held here so a checkpoint can save and restore them. One
 * step counter t is shared by all parameters (they are updated together).
 */
public final class AdamState implements AutoCloseable {

    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private long steps;

    /** Zero moments for every parameter of {@code parameters}. */
    public AdamState(NDManager parent, Map<String, NDArray> parameters) {
        this.manager = parent.newSubManager();
        parameters.forEach((name, array) -> {
            means.put(name, manager.zeros(array.getShape(), array.getDataType(), array.getDevice()));
            variances.put(name, manager.zeros(array.getShape(), array.getDataType(), array.getDevice()));
        });
    }

    /** Starts a new step; call once before the {@link #update} calls of that step. */
    public void nextStep() {
        steps++;
    }

    /** Updates {@code weight} in place with {@code gradient} at learning rate {@code lr}. */
    public void update(String name, NDArray weight, NDArray gradient, float lr) {
        NDArray mean = means.get(name);
        NDArray variance = variances.get(name);
        if (mean == null) {
            throw new IllegalArgumentException("No Adam state for parameter '" + name + "'");
        }
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        float corrected = (float) (lr * Math.sqrt(correction2) / correction1);
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, mean, variance), new NDList(weight), lr,
                corrected, 0f, 1f, -1f, BETA1, BETA2, EPSILON, true, false);
    }

    public long steps() {
        return steps;
    }

    /** Heap copies of the moments, named {@code adam.m.<param>} and {@code adam.v.<param>}. */
    public Map<String, Tensor> toTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        means.forEach((name, array) -> out.put("adam.m." + name, new Tensor(array.getShape().getShape(),
                array.toFloatArray())));
        variances.forEach((name, array) -> out.put("adam.v." + name, new Tensor(array.getShape().getShape(),
                array.toFloatArray())));
        return out;
    }

    /** Restores moments and step count saved by {@link #toTensors()}. */
    public void load(Map<String, Tensor> tensors, long steps, java.nio.file.Path source) {
        means.forEach((name, array) -> HeapArrays.overwrite(array,
                require(tensors, "adam.m." + name, source).data()));
        variances.forEach((name, array) -> HeapArrays.overwrite(array,
                require(tensors, "adam.v." + name, source).data()));
        this.steps = steps;
    }

    private static Tensor require(Map<String, Tensor> tensors, String name, java.nio.file.Path source) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new dev.facet.spi.CorruptArtifactException(source, "checkpoint lacks optimizer state '" + name + "'");
        }
        return tensor;
    }

    @Override
    public void close() {
        manager.close();
    }
}
