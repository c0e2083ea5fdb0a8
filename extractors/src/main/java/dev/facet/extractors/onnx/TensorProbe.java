package dev.facet.extractors.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.facet.extractors.OrtSessions;
import dev.facet.spi.BackboneException;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.tensor.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the shape and element type of tensors whose graph records neither: the model runs once on
 * a batch of blank (zero) images at its input size, with those tensors appended as outputs, and
 * ONNX Runtime reports what each one is.
 *
 * <p>A model with a symbolic batch runs {@value #SYMBOLIC_BATCH} images, so that a tensor whose first
 * axis does not follow the batch (a weight computed at run time, a sequence-first layout) shows it;
 * in the shapes returned, a first axis of that size is symbolic ({@code -1}), as a recorded batch is.
 * A model with a fixed batch runs its own batch size.
 */
final class TensorProbe {
    static final int SYMBOLIC_BATCH = 2;
    private static final Logger LOG = LoggerFactory.getLogger(TensorProbe.class);

    private TensorProbe() {
    }

    /**
     * The {@code tensors} with the shapes and types of one run.
     *
     * @param input      the pixel input's name
     * @param spec       the input, whose size fills symbolic input dimensions
     * @param fixedBatch the input's fixed batch size, 0 when it is symbolic
     */
    static Map<String, TensorInfo> probe(OnnxGraph graph, String input, InputSpec spec, int fixedBatch,
            Collection<TensorInfo> tensors, OrtSession.SessionOptions options) {
        int batch = fixedBatch > 0 ? fixedBatch : SYMBOLIC_BATCH;
        Set<String> names = new LinkedHashSet<>();
        tensors.forEach(tensor -> names.add(tensor.name()));
        LOG.info("{}: the graph records no shape for {} tensor(s); running {} blank images of {}x{}x{} once to learn them",
                graph.source().getFileName(), names.size(), batch, spec.channels(), spec.height(), spec.width());
        try (OrtSession session = OrtSessions.open(graph.withOutputs(names), graph.source(), options)) {
            return OrtSessions.run(session, graph.source(), input, Tensor.zeros(spec.batchShape(batch)), names,
                    result -> read(result, tensors, fixedBatch > 0 ? 0 : batch));
        } catch (OrtException e) {
            throw new BackboneException("Closing the ONNX Runtime session that probed " + graph.source() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, TensorInfo> read(OrtSession.Result result, Collection<TensorInfo> tensors,
            int symbolicBatch) {
        Map<String, TensorInfo> probed = new LinkedHashMap<>();
        for (TensorInfo tensor : tensors) {
            OnnxValue value = result.get(tensor.name()).orElseThrow();
            if (value instanceof OnnxTensor onnx) {
                long[] shape = onnx.getInfo().getShape().clone();
                if (symbolicBatch > 0 && shape.length > 0 && shape[0] == symbolicBatch) {
                    shape[0] = -1;
                }
                // ONNX Runtime's Java enum numbers element types its own way; its names are ONNX's.
                String type = onnx.getInfo().onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
                probed.put(tensor.name(), tensor.withProbed(shape, type.toLowerCase(Locale.ROOT)));
            } else {
                String kind = value.getType().name().replace("ONNX_TYPE_", "").toLowerCase(Locale.ROOT);
                probed.put(tensor.name(), tensor.withProbed(null, kind));
            }
        }
        return probed;
    }
}
