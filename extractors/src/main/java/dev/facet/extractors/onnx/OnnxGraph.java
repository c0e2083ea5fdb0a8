package dev.facet.extractors.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.facet.extractors.ModelFiles;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.UnknownComponentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model's protobuf, read to list its tensors and rewritten to expose intermediate ones.
 * ONNX Runtime only returns declared graph outputs, so {@link #withOutputs} appends the requested
 * tensor names to the graph's outputs (a {@code ValueInfoProto} with the name, plus the type
 * where the model records it); ONNX Runtime infers the rest when it builds the session.
 *
 * <p>Weights are not tensors of this listing: initializers (graph inputs that are initializers
 * too) and the outputs of {@code Constant} nodes are refused by name, with the reason.
 */
public final class OnnxGraph {
    private static final String TRUNCATED = "input ended unexpectedly";

    private final Path source;
    private final OnnxMl.ModelProto model;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> weights;

    private OnnxGraph(Path source, OnnxMl.ModelProto model) {
        this.source = source;
        this.model = model;
        this.weights = weights(model.getGraph());
        this.tensors = index(model.getGraph(), weights.keySet());
    }

    /**
     * Reads a model file.
     *
     * @throws dev.facet.spi.BackboneException if the file is missing, a directory or unreadable, saying which
     * @throws CorruptArtifactException        if it is empty, truncated, not an ONNX protobuf, or its graph is broken
     */
    public static OnnxGraph read(Path file) {
        return parse(ModelFiles.read(file, "ONNX model"), file);
    }

    /** Parses model bytes; {@code source} names the model in error messages. */
    public static OnnxGraph parse(byte[] bytes, Path source) {
        if (bytes.length == 0) {
            throw new CorruptArtifactException(source, "not a valid ONNX model: the file is empty (0 bytes)");
        }
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            String message = String.valueOf(e.getMessage());
            throw new CorruptArtifactException(source, message.contains(TRUNCATED)
                    ? "not a valid ONNX model: the file is truncated (it ends inside the model after " + bytes.length
                            + " bytes); copy or export it again"
                    : "not a valid ONNX model: it is not an ONNX protobuf (" + message + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new CorruptArtifactException(source, "not a valid ONNX model: it holds no graph"
                    + (model.hasGraph() ? " nodes" : "") + " (" + bytes.length + " bytes)");
        }
        requireConnected(model.getGraph(), source);
        return new OnnxGraph(source, model);
    }

    /**
     * Every tensor a node reads, and every declared output, must come from a graph input, an
     * initializer or an earlier node; ONNX Runtime would otherwise fail only when a session is built.
     */
    private static void requireConnected(OnnxMl.GraphProto graph, Path source) {
        Set<String> available = new HashSet<>();
        graph.getInputList().forEach(input -> available.add(input.getName()));
        graph.getInitializerList().forEach(init -> available.add(init.getName()));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                if (!input.isEmpty() && !available.contains(input)) {
                    throw new CorruptArtifactException(source, "broken ONNX graph: node "
                            + (node.getName().isEmpty() ? "" : "'" + node.getName() + "' ") + "(" + node.getOpType()
                            + ") reads tensor '" + input + "', which no graph input, initializer or earlier node "
                            + "produces");
                }
            }
            node.getOutputList().forEach(available::add);
        }
        for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
            if (!available.contains(output.getName())) {
                throw new CorruptArtifactException(source, "broken ONNX graph: declared output '" + output.getName()
                        + "' is produced by no node, graph input or initializer");
            }
        }
    }

    /** Initializers and the outputs of Constant nodes, each with why it is not an activation. */
    private static Map<String, String> weights(OnnxMl.GraphProto graph) {
        Map<String, String> weights = new LinkedHashMap<>();
        graph.getInitializerList().forEach(init -> weights.put(init.getName(),
                "is a weight (initializer) of the model, not an activation"));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant") && node.getDomain().isEmpty()) {
                node.getOutputList().forEach(output -> weights.put(output, "is a constant of the model (output of "
                        + "Constant node" + (node.getName().isEmpty() ? "" : " '" + node.getName() + "'")
                        + "), not an activation"));
            }
        }
        return weights;
    }

    private static Map<String, TensorInfo> index(OnnxMl.GraphProto graph, Set<String> weights) {
        Map<String, OnnxMl.ValueInfoProto> recorded = new LinkedHashMap<>();
        for (List<OnnxMl.ValueInfoProto> infos : List.of(graph.getInputList(), graph.getValueInfoList(),
                graph.getOutputList())) {
            infos.forEach(info -> recorded.merge(info.getName(), info,
                    (before, after) -> after.getType().getTensorType().hasShape() ? after : before));
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (!weights.contains(input.getName())) {
                tensors.put(input.getName(), info(input.getName(), "input", "", recorded.get(input.getName())));
            }
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                if (!output.isEmpty() && !weights.contains(output)) {
                    tensors.put(output, info(output, node.getOpType(), node.getName(), recorded.get(output)));
                }
            }
        }
        return tensors;
    }

    private static TensorInfo info(String name, String opType, String node, OnnxMl.ValueInfoProto recorded) {
        boolean typed = recorded != null && recorded.hasType() && recorded.getType().hasTensorType();
        String type = typed ? TensorInfo.typeName(recorded.getType().getTensorType().getElemType()) : null;
        return new TensorInfo(name, opType, node, typed ? shapeOf(recorded) : null, type);
    }

    private static long[] shapeOf(OnnxMl.ValueInfoProto info) {
        if (!info.getType().getTensorType().hasShape()) {
            return null;
        }
        OnnxMl.TensorShapeProto shape = info.getType().getTensorType().getShape();
        long[] dims = new long[shape.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            OnnxMl.TensorShapeProto.Dimension dim = shape.getDim(i);
            dims[i] = dim.hasDimValue() ? dim.getDimValue() : -1;
        }
        return dims;
    }

    public Path source() {
        return source;
    }

    /** Every activation tensor (graph inputs and node outputs, not weights or constants), in graph order. */
    public List<TensorInfo> tensors() {
        return List.copyOf(tensors.values());
    }

    /** Every initializer and Constant output, each with why it is not an activation (words that follow its name). */
    public Map<String, String> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /** Names of the non-weight graph inputs, in order. */
    public List<String> inputs() {
        List<String> inputs = new ArrayList<>();
        for (TensorInfo tensor : tensors.values()) {
            if (tensor.opType().equals("input")) {
                inputs.add(tensor.name());
            }
        }
        return inputs;
    }

    /** Names of the declared graph outputs, in order. */
    public List<String> outputs() {
        return model.getGraph().getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList();
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws ConfigException           for a weight or constant, saying so
     * @throws UnknownComponentException for an unknown name, listing the closest tensor names
     */
    public TensorInfo tensor(String name) {
        TensorInfo tensor = tensors.get(name);
        if (tensor == null) {
            String weight = weights.get(name);
            if (weight != null) {
                throw new ConfigException("'" + name + "' " + weight + " (" + source.getFileName() + ")");
            }
            throw new UnknownComponentException("tensor in " + source.getFileName(), name, tensors.keySet());
        }
        return tensor;
    }

    /** Graph surgery on this model (cutting it at a tensor), for resuming the forward pass from a hook. */
    ResumeSurgery surgery() {
        return new ResumeSurgery(model);
    }

    /**
     * The model's bytes with {@code names} appended to the graph outputs (names already declared
     * are kept once). Every name must be a tensor of the graph.
     */
    public byte[] withOutputs(Collection<String> names) {
        OnnxMl.GraphProto graph = model.getGraph();
        Set<String> declared = new HashSet<>(outputs());
        Map<String, OnnxMl.ValueInfoProto> typed = new LinkedHashMap<>();
        graph.getValueInfoList().forEach(info -> typed.put(info.getName(), info));
        OnnxMl.GraphProto.Builder rewritten = graph.toBuilder();
        for (String name : names) {
            tensor(name);
            if (declared.add(name)) {
                OnnxMl.ValueInfoProto info = typed.get(name);
                rewritten.addOutput(info != null ? info : OnnxMl.ValueInfoProto.newBuilder().setName(name).build());
            }
        }
        return model.toBuilder().setGraph(rewritten).build().toByteArray();
    }
}
