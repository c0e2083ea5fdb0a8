package dev.facet.extractors.onnx;

import java.util.Arrays;

/**
 * One tensor of an ONNX graph that a backbone can expose.
 *
 * @param name   the tensor name (a {@code NodeProto.output} entry or a graph input)
 * @param opType the op that produces it ({@code Add}, {@code LayerNormalization}, ...) or
 *               {@code input} for a graph input
 * @param node   the producing node's name, empty for inputs or unnamed nodes
 * @param shape  the shape from the graph's value info, {@code -1} for a symbolic dimension, or
 *               null when the model does not record it
 */
public record TensorInfo(String name, String opType, String node, long[] shape) {

    public TensorInfo {
        shape = shape == null ? null : shape.clone();
    }

    @Override
    public long[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** The shape as text, e.g. {@code [?, 50, 128]}, or {@code ?} when unknown. */
    public String shapeText() {
        return shapeText(shape);
    }

    /** {@code shape} as text, {@code ?} for a symbolic (negative) dimension, e.g. {@code [?, 3, 224, 224]}; {@code ?} when null. */
    public static String shapeText(long[] shape) {
        if (shape == null) {
            return "?";
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "?" : String.valueOf(shape[i]));
        }
        return text.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && opType.equals(t.opType) && node.equals(t.node)
                && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + " (" + opType + ") " + shapeText();
    }
}
