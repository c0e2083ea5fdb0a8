package dev.facet.extractors;

import ai.onnx.proto.OnnxMl;

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

    private static byte[] model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("facet-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto floatValue(String name, int... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n"));
        for (int dim : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }
}
