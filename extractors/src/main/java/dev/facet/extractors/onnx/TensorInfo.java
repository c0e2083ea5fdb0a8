package dev.facet.extractors.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One tensor of an ONNX graph that a backbone can expose.
 *
 * @param name   the tensor name (a {@code NodeProto.output} entry or a graph input)
 * @param opType the op that produces it ({@code Add}, {@code LayerNormalization}, ...) or
 *               {@code input} for a graph input
 * @param node   the producing node's name, empty for inputs or unnamed nodes
 * @param shape  the shape from the graph's value info (or from a probe run), {@code -1} for a
 *               symbolic dimension, or null when unknown
 * @param type   the element type as ONNX names it in lower case ({@code float}, {@code int64}, ...),
 *               or null when unknown
 */
public record TensorInfo(String name, String opType, String node, long[] shape, String type) {
    private static final Set<String> FLOATING = Set.of("float", "float16", "bfloat16", "double");

    public TensorInfo {
        shape = shape == null ? null : shape.clone();
    }

    /** A tensor whose element type is not known. */
    public TensorInfo(String name, String opType, String node, long[] shape) {
        this(name, opType, node, shape, null);
    }

    /** The lower-case name of ONNX element type {@code number} ({@code TensorProto.DataType}). */
    static String typeName(int number) {
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(number);
        return type == null || type == OnnxMl.TensorProto.DataType.UNDEFINED ? null
                : type.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public long[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** Whether every dimension is known, save a symbolic first (batch) axis. */
    public boolean shapeKnown() {
        if (shape == null) {
            return false;
        }
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the elements are floating-point numbers (float, float16, bfloat16 or double); false when unknown. */
    public boolean floating() {
        return type != null && FLOATING.contains(type);
    }

    /** This tensor with the shape and type learned from a run. */
    TensorInfo withProbed(long[] probedShape, String probedType) {
        return new TensorInfo(name, opType, node, probedShape, probedType);
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
                && Arrays.equals(shape, t.shape) && Objects.equals(type, t.type);
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
