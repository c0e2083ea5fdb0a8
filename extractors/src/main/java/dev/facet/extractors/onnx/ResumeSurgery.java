package dev.facet.extractors.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Graph surgery that cuts an ONNX model at a tensor, so that ONNX Runtime runs only what follows it
 * (docs/algorithms.md#resuming-from-a-hook). The cut tensor becomes the graph's only input; the nodes
 * kept are those the output needs, found by walking back from the output and stopping at the cut;
 * initializers and value infos nothing kept reads are dropped. When the kept part still reads a tensor
 * computed from the pixels on a path that bypasses the cut (a skip connection around it, a CLS token
 * added after it), the cut is refused with those tensors: feeding the cut alone cannot reproduce them.
 */
final class ResumeSurgery {
    private final OnnxMl.GraphProto graph;
    private final Set<String> initializers = new HashSet<>();
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final OnnxMl.ModelProto model;
    /** Every tensor computed from a graph input (not only from weights and constants). */
    private final Set<String> fromInputs = new HashSet<>();

    ResumeSurgery(OnnxMl.ModelProto model) {
        this.model = model;
        this.graph = model.getGraph();
        graph.getInitializerList().forEach(init -> initializers.add(init.getName()));
        for (int i = 0; i < graph.getNodeCount(); i++) {
            OnnxMl.NodeProto node = graph.getNode(i);
            for (String output : node.getOutputList()) {
                producer.put(output, i);
            }
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, key -> new ArrayList<>()).add(i);
            }
        }
        for (OnnxMl.ValueInfoProto graphInput : graph.getInputList()) {
            if (!initializers.contains(graphInput.getName())) {
                fromInputs.addAll(descendants(graphInput.getName()));
            }
        }
    }

    /**
     * Where a cut at {@code from} for output {@code to} stands.
     *
     * @param from      the cut tensor
     * @param to        the output tensor
     * @param kept      indices of the nodes that compute {@code to} from {@code from}
     * @param bypassing tensors from the pixel side the part after the cut also reads; empty when the cut works
     * @param unrelated whether {@code to} is not computed from {@code from} at all
     */
    record Plan(String from, String to, Set<Integer> kept, List<String> bypassing, boolean unrelated) {
        boolean feasible() {
            return !unrelated && bypassing.isEmpty();
        }
    }

    /** Plans the cut at {@code from} that keeps what computes {@code to}. */
    Plan plan(String from, String to) {
        Set<String> below = descendants(from);
        if (!below.contains(to)) {
            return new Plan(from, to, Set.of(), List.of(), true);
        }
        Set<Integer> kept = new HashSet<>();
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(to));
        while (!pending.isEmpty()) {
            String tensor = pending.pop();
            if (tensor.isEmpty() || tensor.equals(from) || initializers.contains(tensor) || !reached.add(tensor)) {
                continue;
            }
            Integer node = producer.get(tensor);
            if (node != null && kept.add(node)) {
                graph.getNode(node).getInputList().forEach(pending::push);
            }
        }
        return new Plan(from, to, Set.copyOf(kept), bypassing(kept, below), false);
    }

    /**
     * The declaration of {@code tensor} as the input of a cut model: its element type and shape, the
     * batch axis symbolic unless the model's pixel input fixes it ({@code fixedBatch > 0}).
     */
    static OnnxMl.ValueInfoProto declaration(TensorInfo tensor, int fixedBatch) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        long[] dims = tensor.shape();
        for (int axis = 0; axis < dims.length; axis++) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (axis == 0) {
                if (fixedBatch > 0) {
                    dim.setDimValue(fixedBatch);
                } else {
                    dim.setDimParam("batch");
                }
            } else {
                dim.setDimValue(dims[axis]);
            }
            shape.addDim(dim);
        }
        int type = OnnxMl.TensorProto.DataType.valueOf(tensor.type().toUpperCase(Locale.ROOT)).getNumber();
        return OnnxMl.ValueInfoProto.newBuilder().setName(tensor.name())
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type).setShape(shape)))
                .build();
    }

    /** Every tensor computed from {@code from}, itself included. */
    private Set<String> descendants(String from) {
        Set<String> below = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(from));
        while (!pending.isEmpty()) {
            String tensor = pending.pop();
            if (below.add(tensor)) {
                for (int node : consumers.getOrDefault(tensor, List.of())) {
                    graph.getNode(node).getOutputList().forEach(pending::push);
                }
            }
        }
        return below;
    }

    /**
     * The tensors where the kept part joins a path that bypasses the cut: read by a kept node that also
     * reads something computed from the cut, not computed from the cut themselves, and depending on a
     * graph input (not only on weights and constants).
     */
    private List<String> bypassing(Set<Integer> kept, Set<String> below) {
        Set<String> joins = new LinkedHashSet<>();
        kept.stream().sorted().map(graph::getNode).forEach(node -> {
            if (node.getInputList().stream().anyMatch(below::contains)) {
                node.getInputList().stream()
                        .filter(tensor -> !below.contains(tensor) && fromInputs.contains(tensor))
                        .forEach(joins::add);
            }
        });
        return List.copyOf(joins);
    }

    /**
     * The model of a feasible plan: the cut tensor, declared by {@code input}, is the only input, the
     * output the only output; its opsets and metadata are the whole model's.
     */
    OnnxMl.ModelProto model(Plan plan, OnnxMl.ValueInfoProto input) {
        if (!plan.feasible()) {
            throw new IllegalArgumentException("cut at " + plan.from() + " for " + plan.to() + " is not feasible");
        }
        Set<Integer> kept = plan.kept();
        String to = plan.to();
        Set<String> read = new HashSet<>();
        Set<String> made = new HashSet<>();
        OnnxMl.GraphProto.Builder cut = graph.toBuilder().clearNode().clearInput().clearOutput().clearInitializer()
                .clearValueInfo();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (kept.contains(i)) {
                OnnxMl.NodeProto node = graph.getNode(i);
                cut.addNode(node);
                read.addAll(node.getInputList());
                made.addAll(node.getOutputList());
            }
        }
        cut.addInput(input);
        graph.getInitializerList().stream().filter(init -> read.contains(init.getName())).forEach(cut::addInitializer);
        graph.getValueInfoList().stream()
                .filter(info -> made.contains(info.getName()) && !info.getName().equals(to))
                .forEach(cut::addValueInfo);
        OnnxMl.ValueInfoProto output = graph.getOutputList().stream().filter(out -> out.getName().equals(to))
                .findFirst().orElseGet(() -> graph.getValueInfoList().stream().filter(info -> info.getName().equals(to))
                        .findFirst().orElse(OnnxMl.ValueInfoProto.newBuilder().setName(to).build()));
        cut.addOutput(output);
        return model.toBuilder().setGraph(cut).build();
    }
}
