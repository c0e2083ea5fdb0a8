package dev.facet.extractors;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/** Small ONNX models built in memory for tests. */
public final class TestOnnxModels {

    private TestOnnxModels() {
    }

    /** y = relu(x + b) with b = [1, -2, 3]; x is (n, 3). */
    public static byte[] addRelu() {
        OnnxMl.TensorProto bias = OnnxMl.TensorProto.newBuilder()
                .setName("b").setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(3).addFloatData(1f).addFloatData(-2f).addFloatData(3f).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("add-relu")
                .addInput(floatValue("x", 3))
                .addInitializer(bias)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").setName("add")
                        .addInput("x").addInput("b").addOutput("sum"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName("relu")
                        .addInput("sum").addOutput("y"))
                .addOutput(floatValue("y", 3))
                .build();
        return model(graph);
    }

    /**
     * pixels (n, 1, 4, 4) → {@code relu_out} = relu(pixels) (spatial, shape recorded) →
     * {@code doubled} = 2·relu_out (shape not recorded) → {@code y} = mean over (h, w), (n, 1, 1, 1),
     * the only declared output.
     */
    public static byte[] spatialChain() {
        OnnxMl.TensorProto two = OnnxMl.TensorProto.newBuilder()
                .setName("two").setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addFloatData(2f).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("spatial-chain")
                .addInput(floatValue("pixels", 1, 4, 4))
                .addInitializer(two)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName("relu")
                        .addInput("pixels").addOutput("relu_out"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").setName("double")
                        .addInput("relu_out").addInput("two").addOutput("doubled"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("GlobalAveragePool").setName("pool")
                        .addInput("doubled").addOutput("y"))
                .addValueInfo(floatValue("relu_out", 1, 4, 4))
                .addOutput(floatValue("y", 1, 1, 1))
                .build();
        return model(graph);
    }

    /** Weights of {@link #dynamicConvNet}'s convolution, (4, 3, 3, 3), row-major. */
    public static float[] convWeights() {
        float[] weights = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = ((i * 7) % 11 - 5) / 10f;
        }
        return weights;
    }

    /** Bias of {@link #dynamicConvNet}'s convolution. */
    public static float[] convBias() {
        return new float[] {0.1f, -0.2f, 0f, 0.3f};
    }

    /**
     * A small CNN whose graph records no shape but its input's and output's, with a dynamic input
     * {@code pixels} (N, 3, H, W):
     * {@code conv_out} = 3×3 convolution ({@link #convWeights}, {@link #convBias}, padding 1) to 4
     * channels; {@code relu_out} = relu(conv_out); {@code scaled} = relu_out · {@code c} (a Constant
     * node, 0.5); {@code relu_fp16} and {@code relu_f64} = relu_out as float16 and double; {@code shape_out} = its shape (int64);
     * {@code rank5} = relu_out unsqueezed to (N, 1, 4, H, W); {@code nhwc} = relu_out as (N, H, W, 4);
     * {@code pe_copy} = a copy of the initializer {@code pe} (1, 4, 1, 1), the same for every batch;
     * {@code pooled} = mean of relu_out over (H, W); {@code y} = pooled flattened to (N, 4), the only
     * declared output.
     */
    public static byte[] dynamicConvNet() {
        return convNet("H", "W");
    }

    /** {@link #dynamicConvNet} with a fixed input size: {@code pixels} is (N, 3, height, width). */
    public static byte[] convNet(int height, int width) {
        return convNet((Object) height, (Object) width);
    }

    private static byte[] convNet(Object height, Object width) {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("conv-net")
                .addInput(value("pixels", OnnxMl.TensorProto.DataType.FLOAT, "N", 3, height, width))
                .addInitializer(floats("W", convWeights(), 4, 3, 3, 3))
                .addInitializer(floats("B", convBias(), 4))
                .addInitializer(floats("pe", new float[] {1, 2, 3, 4}, 1, 4, 1, 1))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("axes")
                        .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(1).addInt64Data(1))
                .addNode(node("Conv", "conv", List.of("pixels", "W", "B"), "conv_out")
                        .addAttribute(ints("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", "relu", List.of("conv_out"), "relu_out"))
                .addNode(node("Constant", "half", List.of(), "c").addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("value").setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                        .setT(floats("c_value", new float[] {0.5f}))))
                .addNode(node("Mul", "scale", List.of("relu_out", "c"), "scaled"))
                .addNode(node("Cast", "to_fp16", List.of("relu_out"), "relu_fp16")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                .setI(OnnxMl.TensorProto.DataType.FLOAT16.getNumber())))
                .addNode(node("Cast", "to_f64", List.of("relu_out"), "relu_f64")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                .setI(OnnxMl.TensorProto.DataType.DOUBLE.getNumber())))
                .addNode(node("Shape", "shape", List.of("relu_out"), "shape_out"))
                .addNode(node("Unsqueeze", "unsqueeze", List.of("relu_out", "axes"), "rank5"))
                .addNode(node("Transpose", "to_nhwc", List.of("relu_out"), "nhwc").addAttribute(ints("perm", 0, 2, 3, 1)))
                .addNode(node("Identity", "copy_pe", List.of("pe"), "pe_copy"))
                .addNode(node("GlobalAveragePool", "pool", List.of("relu_out"), "pooled"))
                .addNode(node("Flatten", "flatten", List.of("pooled"), "y"))
                .addOutput(value("y", OnnxMl.TensorProto.DataType.FLOAT, "N", 4))
                .build();
        return model(graph);
    }

    /** {@code model}'s bytes with every {@code value_info} entry removed, as most exports leave it. */
    public static byte[] withoutValueInfo(byte[] model) {
        try {
            OnnxMl.ModelProto parsed = OnnxMl.ModelProto.parseFrom(model);
            return parsed.toBuilder().setGraph(parsed.getGraph().toBuilder().clearValueInfo()).build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model", e);
        }
    }

    private static OnnxMl.NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    }

    private static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private static OnnxMl.TensorProto floats(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }

    /** A typed value whose dimensions are numbers (fixed) or strings (symbolic). */
    private static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            shape.addDim(dim instanceof String symbol
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(symbol)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) dim).longValue()));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static byte[] model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("facet-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto floatValue(String name, int... dims) {
        Object[] shape = new Object[dims.length + 1];
        shape[0] = "n";
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = dims[i];
        }
        return value(name, OnnxMl.TensorProto.DataType.FLOAT, shape);
    }
}
