package dev.facet.extractors.onnx;

import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.spi.BackboneException;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hook points of an ONNX model: the descriptor's {@code layer.i} and {@code logits}, then every
 * tensor of the graph whose shape (recorded or probed) gives its layout, under its tensor name.
 * Every other name a user may try (the pixel input, weights, tensors of integers, shapes that fit no
 * layout) is refused with the reason.
 *
 * @param points       the hook points, in model order
 * @param tensorOf     the ONNX tensor behind each hook point
 * @param channelsLast hook points whose tensor ONNX Runtime returns as (n, h, w, c)
 * @param refused      names that are not hook points, with why (words that follow the name)
 */
record OnnxHooks(List<HookPoint> points, Map<String, String> tensorOf, Set<String> channelsLast,
                 Map<String, String> refused) {

    /** How the hooks are read. */
    record Context(ModelDescriptor descriptor, String input, InputSpec spec, int fixedBatch, MapLayout maps) {
        TokenLayout known() {
            return descriptor == null ? null : descriptor.tokenLayout();
        }
    }

    /**
     * The tensors of the descriptor's hooks, each checked to be a tensor of the graph.
     *
     * @return hook name → tensor name, in the descriptor's order; empty without a descriptor
     */
    static Map<String, String> descriptorTensors(ModelDescriptor descriptor, OnnxGraph graph) {
        Map<String, String> tensors = new LinkedHashMap<>();
        if (descriptor != null && descriptor.onnx() != null) {
            for (String hook : descriptor.hookNames()) {
                String tensor = descriptor.onnx().tensorOf(hook);
                if (tensor != null) {
                    graph.tensor(tensor);
                    tensors.put(hook, tensor);
                }
            }
        }
        return tensors;
    }

    /**
     * The hooks of {@code graph}.
     *
     * @param tensors every tensor of the graph, each with its shape and type known (the pixel input aside)
     */
    static OnnxHooks of(OnnxGraph graph, Collection<TensorInfo> tensors, Context context) {
        List<HookPoint> points = new ArrayList<>();
        Map<String, String> tensorOf = new LinkedHashMap<>();
        Set<String> channelsLast = new HashSet<>();
        Map<String, String> refused = new LinkedHashMap<>(graph.weights());
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        tensors.forEach(tensor -> byName.put(tensor.name(), tensor));
        descriptorTensors(context.descriptor(), graph).forEach((hook, tensor) -> {
            LayoutInference.Inferred layout = descriptorLayout(hook, byName.get(tensor), context);
            points.add(new HookPoint(hook, layout.layout()));
            tensorOf.put(hook, tensor);
            if (layout.channelsLast()) {
                channelsLast.add(hook);
            }
        });
        for (TensorInfo tensor : tensors) {
            if (tensorOf.containsKey(tensor.name())) {
                continue;
            }
            if (tensor.name().equals(context.input())) {
                refused.put(tensor.name(), "is the model's pixel input, not an activation");
                continue;
            }
            Optional<LayoutInference.Inferred> layout = layout(tensor, context);
            if (layout.isPresent()) {
                points.add(new HookPoint(tensor.name(), layout.get().layout()));
                tensorOf.put(tensor.name(), tensor.name());
                if (layout.get().channelsLast()) {
                    channelsLast.add(tensor.name());
                }
            } else {
                refused.put(tensor.name(), whyNot(tensor, context));
            }
        }
        refused.keySet().removeAll(tensorOf.keySet());
        return new OnnxHooks(List.copyOf(points), Map.copyOf(tensorOf), Set.copyOf(channelsLast), Map.copyOf(refused));
    }

    /**
     * The layout of a descriptor hook: {@code logits} a vector of the classes, {@code layer.i} the
     * descriptor's tokens, a named hook ({@code onnx.hooks}) what its tensor's shape says.
     */
    private static LayoutInference.Inferred descriptorLayout(String hook, TensorInfo tensor, Context context) {
        if (ModelDescriptor.LOGITS.equals(hook)) {
            return new LayoutInference.Inferred(new VectorLayout(context.descriptor().classes()), false);
        }
        if (ModelDescriptor.layerIndex(hook) >= 0) {
            return new LayoutInference.Inferred(context.known(), false);
        }
        return (tensor == null ? Optional.<LayoutInference.Inferred>empty() : layout(tensor, context))
                .orElseThrow(() -> new BackboneException("Hook '" + hook + "' of model descriptor '"
                        + context.descriptor().name() + "' is tensor '" + (tensor == null ? "?" : tensor.name()) + "', which "
                        + (tensor == null ? "has no known shape" : whyNot(tensor, context))));
    }

    private static Optional<LayoutInference.Inferred> layout(TensorInfo tensor, Context context) {
        if (!tensor.floating() || !batchMajor(tensor.shape(), context.fixedBatch())) {
            return Optional.empty();
        }
        return LayoutInference.infer(tensor.shape(), context.known(), context.maps(), context.spec());
    }

    /** Whether the first axis is the batch: symbolic, or the input's own fixed batch size. */
    private static boolean batchMajor(long[] shape, int fixedBatch) {
        return shape != null && shape.length > 0 && (shape[0] < 0 || fixedBatch > 0 && shape[0] == fixedBatch);
    }

    private static String whyNot(TensorInfo tensor, Context context) {
        if (!tensor.floating()) {
            return tensor.type() == null ? "has an unknown element type, not floating-point values"
                    : "holds " + tensor.type() + " values, not floating-point ones";
        }
        long[] shape = tensor.shape();
        if (shape == null) {
            return "has no known shape";
        }
        String fits = "has shape " + tensor.shapeText() + ", which fits no layout Facet reads: "
                + LayoutInference.supported(context.known());
        if (shape.length < 2 || shape.length > 4) {
            return fits;
        }
        if (!batchMajor(shape, context.fixedBatch())) {
            return "has shape " + tensor.shapeText() + ", whose first axis does not follow the number of images, so "
                    + "it is not one activation per image";
        }
        return fits;
    }
}
