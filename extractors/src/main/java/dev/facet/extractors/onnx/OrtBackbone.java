package dev.facet.extractors.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.facet.extractors.InputOptions;
import dev.facet.extractors.OrtSessions;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.spi.BackboneException;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.Device;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResumableBackbone;
import dev.facet.spi.tensor.Tensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backbone on ONNX Runtime that can read any tensor of the graph. Hook points are the
 * descriptor's {@code layer.i} and {@code logits} names, plus every tensor whose layout follows from
 * its shape, addressed by its ONNX tensor name ({@link OnnxHooks}). The model is rewritten to
 * declare the requested tensors as outputs ({@link OnnxGraph#withOutputs}); the session is rebuilt
 * only when a forward asks for a tensor the current one does not output.
 *
 * <p>Shapes the graph does not record (most exports keep no {@code value_info}) are learned the first
 * time {@link #info()} is asked for, from one run on blank images ({@link TensorProbe}); a model whose
 * graph records them (a shape-inferred export) is never probed.
 *
 * <p>The input is the {@link InputSpec} given to the constructor, else the descriptor's, else read
 * from the graph (fixed channels, height and width; pixels in [0, 1], no normalisation). It fills
 * symbolic input dimensions and must agree with fixed ones. A model whose input size is known from
 * none of them opens, lists its tensors ({@link #tensors()}) and says what is missing
 * ({@link #missingInput()}); {@link #info()} and {@link #forward} refuse it with that message.
 *
 * <p>A model whose pixel input declares a fixed batch size (an export with batch 1, say) is run on
 * chunks of that size, the last one padded with zero images whose outputs are dropped, so any
 * {@code --batch} works. A model whose declared input does not match the preprocessing, or that has
 * inputs Facet does not feed, is refused when it is opened, naming the input and both shapes.
 *
 * <p>It resumes the forward pass from a hook point ({@link Capability#RESUME_FROM_HOOK}) by graph surgery:
 * the model is cut at the hook's tensor, which becomes the input of a model holding only what computes
 * the output ({@link ResumeSurgery}); a hook the output is also reached from around (a skip connection)
 * is refused, naming the tensors that bypass it (docs/algorithms.md#resuming-from-a-hook).
 */
public final class OrtBackbone implements ResumableBackbone {
    private static final int LISTED_BYPASSES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(OrtBackbone.class);

    private final OnnxGraph graph;
    private final String inputName;
    private final String model;
    private final ModelDescriptor descriptor;
    private final MapLayout maps;
    /** The input, or null when nothing says its size ({@link #missingInput}). */
    private final InputSpec input;
    private final String missingInput;
    /** The batch size the pixel input declares, or 0 when it is symbolic (any batch). */
    private final int fixedBatch;
    private final Set<Capability> capabilities;
    private final OrtSession.SessionOptions options;
    private Map<String, TensorInfo> probed = Map.of();
    private OnnxHooks hooks;
    private BackboneInfo info;
    private OrtSession session;
    private Set<String> sessionOutputs = Set.of();
    private final ResumeSessions resumeSessions;
    private List<String> resumable;

    /**
     * A backbone whose input comes from the descriptor, else from the graph, reading feature maps per
     * {@link MapLayout#AUTO}.
     *
     * @param model      the .onnx file
     * @param descriptor what the file does not say (preprocessing, token layout, layer names), or null
     * @param device     CPU, or GPU for the CUDA execution provider when ONNX Runtime has it
     * @param threads    intra-op threads, 0 for ONNX Runtime's default
     */
    public OrtBackbone(Path model, ModelDescriptor descriptor, Device device, int threads) {
        this(model, descriptor, InputOptions.NONE, MapLayout.AUTO, device, threads);
    }

    /**
     * A backbone whose whole input spec is given from outside; its height and width fill symbolic
     * input dimensions.
     *
     * @param input the preprocessing, winning over the descriptor's and the graph's
     * @see #OrtBackbone(Path, ModelDescriptor, InputOptions, MapLayout, Device, int)
     */
    public OrtBackbone(Path model, ModelDescriptor descriptor, InputSpec input, MapLayout maps, Device device,
            int threads) {
        this(model, descriptor, InputOptions.of(input), maps, device, threads);
    }

    /**
     * A backbone whose preprocessing settings (command line, pipeline config) replace the
     * descriptor's or the graph's input spec field by field ({@link InputOptions#resolve}). When
     * nothing gives the input size of a model whose graph leaves it symbolic, the backbone still opens
     * and lists its tensors; {@link #info()} and {@link #forward} then say what to give.
     *
     * @param model      the .onnx file
     * @param descriptor what the file does not say (preprocessing, token layout, layer names), or null
     * @param input      preprocessing settings, {@link InputOptions#NONE} for none
     * @param maps       how feature maps read by tensor name are ordered
     * @param device     CPU, or GPU for the CUDA execution provider when ONNX Runtime has it
     * @param threads    intra-op threads, 0 for ONNX Runtime's default
     */
    public OrtBackbone(Path model, ModelDescriptor descriptor, InputOptions input, MapLayout maps, Device device,
            int threads) {
        this.graph = OnnxGraph.read(model);
        this.inputName = pickInput(descriptor);
        requireNoOtherInputs();
        OnnxHooks.descriptorTensors(descriptor, graph);
        this.descriptor = descriptor;
        this.maps = Objects.requireNonNull(maps, "maps");
        this.model = descriptor != null ? descriptor.name() : String.valueOf(model.getFileName());
        InputSpec described = descriptor != null ? descriptor.inputSpec() : null;
        long[] declared = graph.tensor(inputName).shape();
        this.missingInput = input.givesSize(described, declared) ? null : graphInputProblem();
        this.input = missingInput == null ? input.resolve("ONNX model " + graph.source(), described, declared) : null;
        this.fixedBatch = this.input != null ? requireInputMatches(this.input) : declaredBatch();
        this.capabilities = EnumSet.of(Capability.FORWARD, Capability.RESUME_FROM_HOOK);
        if (OrtSessions.environment().getAvailableProviders().contains(OrtProvider.CUDA)) {
            capabilities.add(Capability.CUDA);
        }
        this.options = sessionOptions(device, threads, model);
        this.resumeSessions = new ResumeSessions(graph, options);
    }

    /**
     * The layout of a hook the descriptor places: the logits are a vector, {@code layer.i} has the
     * descriptor's token layout, and a hook of {@code onnx.hooks} the layout its tensor's recorded shape says.
     */
    /** Graph inputs other than the pixels would be left unfed, and every run would fail. */
    private void requireNoOtherInputs() {
        List<String> others = new ArrayList<>(graph.inputs());
        others.remove(inputName);
        if (!others.isEmpty()) {
            throw new BackboneException("ONNX model " + graph.source() + " has inputs " + others + " besides the pixel "
                    + "input '" + inputName + "'; Facet feeds only the pixels, so those would be missing at every run "
                    + "(give them initializers or export the model with the pixel input alone)");
        }
    }

    /**
     * Compares the pixel input's declared (n, c, h, w) with what the preprocessing produces.
     *
     * @return the declared batch size, or 0 when it is symbolic
     */
    private int requireInputMatches(InputSpec input) {
        TensorInfo declared = graph.tensor(inputName);
        long[] shape = declared.shape();
        if (shape == null) {
            return 0;
        }
        long[] given = input.batchShape(shape.length > 0 && shape[0] > 0 ? (int) shape[0] : 1);
        boolean matches = shape.length == given.length;
        for (int axis = 1; matches && axis < shape.length; axis++) {
            matches = shape[axis] < 0 || shape[axis] == given[axis];
        }
        if (!matches) {
            throw new BackboneException("ONNX model " + graph.source() + ": input '" + inputName + "' takes "
                    + declared.shapeText() + ", but the preprocessing gives [n, " + input.channels() + ", "
                    + input.height() + ", " + input.width() + "]; fix the model descriptor or the export");
        }
        return declaredBatch();
    }

    private int declaredBatch() {
        long[] shape = graph.tensor(inputName).shape();
        return shape != null && shape.length > 0 && shape[0] > 0 ? (int) shape[0] : 0;
    }

    private String pickInput(ModelDescriptor descriptor) {
        List<String> inputs = graph.inputs();
        if (descriptor != null && descriptor.onnx() != null && descriptor.onnx().input() != null) {
            String wanted = descriptor.onnx().input();
            if (!inputs.contains(wanted)) {
                throw new UnknownComponentException("input of " + graph.source().getFileName(), wanted, inputs);
            }
            return wanted;
        }
        if (inputs.size() != 1) {
            throw new BackboneException(graph.source() + " has inputs " + inputs
                    + "; a model descriptor must name the pixel input (onnx.input)");
        }
        return inputs.get(0);
    }

    /** Why neither the settings, a descriptor nor the graph give the input size. */
    private String graphInputProblem() {
        long[] shape = graph.tensor(inputName).shape();
        String declared = "ONNX model " + graph.source() + ": input '" + inputName + "' has shape "
                + graph.tensor(inputName).shapeText();
        if (shape != null && shape.length != 4) {
            return declared + ", but Facet feeds images as (n, c, h, w); export the model with an image input";
        }
        return declared + ", so Facet needs the input size: give it with --input-size (backbone setting input_size) "
                + "or as input.height and input.width in a model descriptor (--descriptor)";
    }

    private static OrtSession.SessionOptions sessionOptions(Device device, int threads, Path model) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Idle ONNX Runtime threads otherwise spin between runs and starve the threads that
            // decode images and write shards while the next batch is prepared.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (device == Device.GPU) {
                try {
                    options.addCUDA();
                } catch (OrtException e) {
                    LOG.warn("CUDA execution provider unavailable ({}); running ONNX Runtime on the CPU", e.getMessage());
                }
            }
            return options;
        } catch (OrtException e) {
            options.close();
            throw new BackboneException("Cannot configure ONNX Runtime for " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * What this backbone offers; the first call runs the model once on blank images when the graph
     * does not record the shape of every tensor.
     *
     * @throws BackboneException when nothing gives the input size ({@link #missingInput()})
     */
    @Override
    public synchronized BackboneInfo info() {
        if (info == null) {
            if (input == null) {
                throw new BackboneException(missingInput);
            }
            List<TensorInfo> unknown = graph.tensors().stream()
                    .filter(tensor -> !tensor.name().equals(inputName) && needsProbe(tensor)).toList();
            if (!unknown.isEmpty()) {
                probed = TensorProbe.probe(graph, inputName, input, fixedBatch, unknown, options);
            }
            hooks = OnnxHooks.of(graph, tensors(), new OnnxHooks.Context(descriptor, inputName, input, fixedBatch, maps));
            info = new BackboneInfo(model, input, hooks.points(), capabilities, hooks.refused());
        }
        return info;
    }

    /**
     * Whether only a run tells if {@code tensor} is a hook point: its type or shape is unknown, or it
     * is floating-point with a rank Facet reads (2 to 4) but unknown dimensions.
     */
    private static boolean needsProbe(TensorInfo tensor) {
        long[] shape = tensor.shape();
        if (tensor.type() == null || shape == null) {
            return true;
        }
        return tensor.floating() && shape.length >= 2 && shape.length <= 4 && !tensor.shapeKnown();
    }

    /**
     * Why the input size is unknown (the message {@link #info()} throws), or empty when it is known.
     * The tensors can be listed either way.
     */
    public Optional<String> missingInput() {
        return Optional.ofNullable(missingInput);
    }

    /**
     * Every tensor of the graph, for {@code --list-tensors}: with the shape and type the graph records,
     * or those learned by the probe once {@link #info()} has run. Needs no forward of its own.
     */
    public List<TensorInfo> tensors() {
        return graph.tensors().stream().map(tensor -> probed.getOrDefault(tensor.name(), tensor)).toList();
    }

    /** The ONNX tensor behind a hook point. */
    public String tensorOf(String hook) {
        info().hookPoint(hook);
        return hooks.tensorOf().get(hook);
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        BackboneInfo info = info();
        int n = pixels.rank() == 4 ? (int) pixels.dim(0) : 0;
        pixels.requireShape("input batch for " + info.model(), info.input().batchShape(n));
        List<String> tensors = new ArrayList<>();
        for (String hook : hookPoints) {
            tensors.add(tensorOf(hook));
        }
        return inFixedBatches(pixels, hookPoints, chunk -> run(chunk, hookPoints, tensors));
    }

    /**
     * {@code run} on a batch-major {@code batch}; when the pixel input fixes the batch size, on chunks of
     * that size, the last padded with zeros whose outputs are dropped, joined along the batch axis.
     */
    private Map<String, Tensor> inFixedBatches(Tensor batch, List<String> keys, Function<Tensor, Map<String, Tensor>> run) {
        int n = (int) batch.dim(0);
        if (fixedBatch == 0 || n == fixedBatch) {
            return run.apply(batch);
        }
        long[] chunkShape = batch.shape().clone();
        chunkShape[0] = fixedBatch;
        int perImage = 1;
        for (int axis = 1; axis < chunkShape.length; axis++) {
            perImage *= (int) chunkShape[axis];
        }
        List<Map<String, Tensor>> chunks = new ArrayList<>();
        for (int start = 0; start < n; start += fixedBatch) {
            int images = Math.min(fixedBatch, n - start);
            float[] chunk = new float[fixedBatch * perImage];
            System.arraycopy(batch.data(), start * perImage, chunk, 0, images * perImage);
            Map<String, Tensor> out = run.apply(new Tensor(chunkShape, chunk));
            out.replaceAll((key, tensor) -> firstImages(tensor, images));
            chunks.add(out);
        }
        Map<String, Tensor> joined = new LinkedHashMap<>();
        for (String key : keys) {
            joined.put(key, concatenate(chunks.stream().map(chunk -> chunk.get(key)).toList(), n));
        }
        return joined;
    }

    private Map<String, Tensor> run(Tensor pixels, List<String> hookPoints, List<String> tensors) {
        OrtSession active = sessionFor(tensors);
        return OrtSessions.run(active, graph.source(), inputName, pixels, new LinkedHashSet<>(tensors), result -> {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < hookPoints.size(); i++) {
                out.put(hookPoints.get(i), toTensor(hookPoints.get(i), result.get(tensors.get(i)).orElseThrow()));
            }
            return out;
        });
    }

    /** The first {@code images} entries of a batch-major tensor. */
    private static Tensor firstImages(Tensor tensor, int images) {
        long[] shape = tensor.shape().clone();
        if (shape[0] == images) {
            return tensor;
        }
        int perImage = tensor.size() / (int) shape[0];
        shape[0] = images;
        return new Tensor(shape, Arrays.copyOf(tensor.data(), images * perImage));
    }

    /** Batch-major tensors joined along the batch axis into one of {@code total} entries. */
    private static Tensor concatenate(List<Tensor> parts, int total) {
        long[] shape = parts.get(0).shape().clone();
        int perImage = parts.get(0).size() / (int) shape[0];
        shape[0] = total;
        float[] data = new float[total * perImage];
        int at = 0;
        for (Tensor part : parts) {
            System.arraycopy(part.data(), 0, data, at, part.size());
            at += part.size();
        }
        return new Tensor(shape, data);
    }

    private Tensor toTensor(String hook, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new BackboneException("Hook point '" + hook + "' of " + model + " is not a tensor but "
                    + value.getType());
        }
        long[] shape = tensor.getInfo().getShape();
        Tensor result = new Tensor(shape, floats(hook, tensor));
        long[] expected = info.hookPoint(hook).layout().shape((int) shape[0]);
        if (hooks.channelsLast().contains(hook)) {
            return ChannelsLast.toChannelsFirst(result.requireShape("hook point '" + hook + "' (channels last)",
                    expected[0], expected[2], expected[3], expected[1]));
        }
        return result.requireShape("hook point '" + hook + "'", expected);
    }

    private float[] floats(String hook, OnnxTensor tensor) {
        if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
            DoubleBuffer doubles = tensor.getDoubleBuffer();
            float[] data = new float[doubles.remaining()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) doubles.get(i);
            }
            return data;
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer == null) {
            throw new BackboneException("Hook point '" + hook + "' of " + model + " holds "
                    + tensor.getInfo().type + ", not floating-point values");
        }
        float[] data = new float[buffer.remaining()];
        buffer.get(data);
        return data;
    }

    /** The descriptor's {@code logits} and the hook points that are outputs of the graph, in model order. */
    @Override
    public List<String> resumeOutputs() {
        BackboneInfo info = info();
        List<String> graphOutputs = graph.outputs();
        return info.hookPoints().stream().map(HookPoint::name)
                .filter(hook -> ModelDescriptor.LOGITS.equals(hook) || graphOutputs.contains(hooks.tensorOf().get(hook)))
                .toList();
    }

    /**
     * The hook points, other than the outputs, from which at least one of {@link #resumeOutputs()} can be
     * resumed; worked out on the first call by planning each cut (no session is built).
     */
    @Override
    public synchronized List<String> resumableHookPoints() {
        if (resumable == null) {
            List<String> outputs = resumeOutputs();
            resumable = info().hookPoints().stream().map(HookPoint::name)
                    .filter(hook -> !outputs.contains(hook)
                            && outputs.stream().anyMatch(output -> refusal(hook, output).isEmpty()))
                    .toList();
        }
        return resumable;
    }

    @Override
    public Tensor resume(String fromHook, Tensor activations, String output) {
        HookPoint from = info().hookPoint(fromHook);
        List<String> outputs = resumeOutputs();
        if (!outputs.contains(output)) {
            throw new UnknownComponentException("output to resume '" + model + "' to", output, outputs);
        }
        refusal(fromHook, output).ifPresent(why -> {
            throw new ConfigException(why);
        });
        int n = activations.rank() > 0 ? (int) activations.dim(0) : 0;
        activations.requireShape("activations of hook point '" + fromHook + "'", from.layout().shape(n));
        activations.flattenToMatrix().requireFinite("activations of hook point '" + fromHook + "'");
        String fromTensor = hooks.tensorOf().get(fromHook);
        String toTensor = hooks.tensorOf().get(output);
        OrtSession resumed = resumeSessions.session(resumeSessions.plan(fromTensor, toTensor), tensorInfo(fromTensor),
                fixedBatch);
        Tensor fed = hooks.channelsLast().contains(fromHook) ? ChannelsLast.toChannelsLast(activations) : activations;
        return inFixedBatches(fed, List.of(output), chunk -> OrtSessions.run(resumed, graph.source(), fromTensor, chunk,
                Set.of(toTensor), result -> {
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    out.put(output, toTensor(output, result.get(toTensor).orElseThrow()));
                    return out;
                })).get(output);
    }

    /** Why the pass cannot resume from {@code fromHook} to {@code output}, or empty when it can. */
    private Optional<String> refusal(String fromHook, String output) {
        String cannot = "Cannot resume '" + model + "' from hook point '" + fromHook + "' to '" + output + "': ";
        if (fromHook.equals(output)) {
            return Optional.of(cannot + "it is the output itself");
        }
        String fromTensor = hooks.tensorOf().get(fromHook);
        TensorInfo tensor = tensorInfo(fromTensor);
        if (!"float".equals(tensor.type())) {
            return Optional.of(cannot + "its tensor '" + fromTensor + "' holds " + tensor.type()
                    + " values; Facet feeds float tensors only");
        }
        ResumeSurgery.Plan plan = resumeSessions.plan(fromTensor, hooks.tensorOf().get(output));
        if (plan.unrelated()) {
            return Optional.of(cannot + "the output is not computed from tensor '" + fromTensor + "'");
        }
        if (!plan.feasible()) {
            List<String> bypassing = plan.bypassing();
            String listed = String.join("', '", bypassing.subList(0, Math.min(LISTED_BYPASSES, bypassing.size())));
            String more = bypassing.size() > LISTED_BYPASSES ? " and " + (bypassing.size() - LISTED_BYPASSES) + " more" : "";
            return Optional.of(cannot + "the layers after tensor '" + fromTensor + "' also read '" + listed + "'" + more
                    + ", computed from the pixels on a path that bypasses it (a skip connection around the hook, or "
                    + "tokens added after it), so the hook's activations alone do not determine the output; resume "
                    + "from a hook point where every path from the pixels meets, such as a residual block's output");
        }
        return Optional.empty();
    }

    private TensorInfo tensorInfo(String name) {
        return probed.getOrDefault(name, graph.tensor(name));
    }

    private OrtSession sessionFor(List<String> tensors) {
        if (session != null && sessionOutputs.containsAll(tensors)) {
            return session;
        }
        Set<String> outputs = new TreeSet<>(sessionOutputs);
        outputs.addAll(tensors);
        OrtSession rebuilt = OrtSessions.open(graph.withOutputs(outputs), graph.source(), options);
        if (session != null) {
            closeSession();
        }
        session = rebuilt;
        sessionOutputs = Set.copyOf(outputs);
        LOG.debug("ONNX session for {} now outputs {}", model, outputs);
        return session;
    }

    private void closeSession() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing an ONNX Runtime session failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        resumeSessions.close();
        if (session != null) {
            closeSession();
            session = null;
        }
        options.close();
    }
}
