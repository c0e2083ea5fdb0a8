package dev.facet.extractors.torch;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.GradientCollector;
import ai.djl.translate.NoopTranslator;
import dev.facet.djl.HeapArrays;
import dev.facet.djl.PyTorchEngines;
import dev.facet.extractors.BundledModels;
import dev.facet.extractors.InputOptions;
import dev.facet.extractors.descriptor.ModelDescriptor;
import dev.facet.extractors.ModelFiles;
import dev.facet.extractors.onnx.LayoutInference;
import dev.facet.spi.BackboneException;
import dev.facet.spi.Capability;
import dev.facet.spi.ConfigException;
import dev.facet.spi.CorruptArtifactException;
import dev.facet.spi.Device;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.MissingCapabilityException;
import dev.facet.spi.UnknownComponentException;
import dev.facet.spi.backbone.BackboneInfo;
import dev.facet.spi.backbone.DifferentiableBackbone;
import dev.facet.spi.backbone.HookLayout;
import dev.facet.spi.backbone.HookPoint;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResumableBackbone;
import dev.facet.spi.backbone.TokenLayout;
import dev.facet.spi.backbone.VectorLayout;
import dev.facet.spi.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TorchScript model on DJL's PyTorch engine whose forward returns a tuple of outputs, placed by
 * the descriptor's {@code torchscript} section: the hidden states stacked as (n, layers + 1,
 * tokens, channels) (hooks {@code layer.i}), the logits, and named outputs such as a CNN's feature
 * maps, whose layouts (map, vector or tokens) come from their shapes in a forward pass over one
 * blank image when the backbone opens. Loaded through DJL {@link Criteria} from a local file or a
 * model-zoo URL. Because the engine records gradients, it declares
 * {@link Capability#INPUT_GRADIENTS}. One NDManager sub-manager per batch holds every native
 * array of that batch; results leave it as heap copies.
 *
 * <p>When the descriptor names a head ({@code torchscript.head}: a second TorchScript module beside the
 * model, {@code forward(hidden, layer) -> logits}), the backbone resumes the forward pass from any
 * {@code layer.i} to the logits and differentiates it ({@link Capability#RESUME_FROM_HOOK},
 * {@link Capability#RESUME_GRADIENTS}; docs/algorithms.md#resuming-from-a-hook).
 */
public final class TorchScriptBackbone implements DifferentiableBackbone, ResumableBackbone {
    /** Prefix of a model in a model zoo registered on this JVM: {@code zoo:<group id>/<model name>}. */
    public static final String ZOO_PREFIX = "zoo:";

    private final ZooModel<NDList, NDList> model;
    private final ModelDescriptor descriptor;
    private final ModelDescriptor.TorchScript outputs;
    private final BackboneInfo info;
    private final PtSymbolBlock module;
    /** The head that resumes from {@code layer.i}, or null when the descriptor names none. */
    private final ZooModel<NDList, NDList> head;
    private final PtSymbolBlock headModule;

    /**
     * A backbone with the descriptor's input spec.
     *
     * @param location   a local .pt file, a model zoo entry or a model URL, as below
     * @param descriptor must have a {@code torchscript} section
     * @param device     where to run
     */
    public TorchScriptBackbone(String location, ModelDescriptor descriptor, Device device) {
        this(location, descriptor, device, InputOptions.NONE);
    }

    /**
     * @param location   a local .pt file, a model of a registered DJL model zoo
     *                   ({@code zoo:dev.facet/tiny-vit-fmnist}), or a URL DJL's repositories
     *                   understand ({@code file:}, {@code djl://}, {@code https:} where the network is available)
     * @param descriptor must have a {@code torchscript} section
     * @param device     where to run
     * @param input      preprocessing settings that replace the descriptor's ({@link InputOptions#resolve})
     */
    public TorchScriptBackbone(String location, ModelDescriptor descriptor, Device device, InputOptions input) {
        if (descriptor.torchscript() == null) {
            throw new ConfigException("Model descriptor '" + descriptor.name() + "' has no 'torchscript' section; "
                    + "it cannot describe a TorchScript model's outputs");
        }
        InputSpec spec = input.resolve("TorchScript model " + location, descriptor.inputSpec(), null);
        this.descriptor = descriptor;
        this.outputs = descriptor.torchscript();
        this.model = load(location, device);
        if (!(model.getBlock() instanceof PtSymbolBlock symbol)) {
            model.close();
            throw new BackboneException(location + " did not load as a TorchScript module on the PyTorch engine");
        }
        this.module = symbol;
        JniUtils.enableInferenceMode(module);
        this.head = loadHead(location, descriptor, device);
        this.headModule = head == null ? null : (PtSymbolBlock) head.getBlock();
        // The profiling graph executor specialises the graph on whether inputs need gradients and
        // then fails plain forwards after a gradient pass; Facet calls each graph only a few
        // thousand times, where the optimiser gains nothing anyway.
        JniUtils.setGraphExecutorOptimize(false);
        List<HookPoint> hooks;
        try {
            hooks = hookPoints(spec);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        Set<Capability> capabilities = EnumSet.of(Capability.FORWARD, Capability.INPUT_GRADIENTS);
        if (head != null) {
            capabilities.add(Capability.RESUME_FROM_HOOK);
            capabilities.add(Capability.RESUME_GRADIENTS);
        }
        if (PyTorchEngines.pytorch().getGpuCount() > 0) {
            capabilities.add(Capability.CUDA);
        }
        this.info = new BackboneInfo(descriptor.name(), spec, hooks, capabilities);
    }

    /**
     * The hook points the {@code torchscript} section places: {@code logits} a vector,
     * {@code layer.i} the token layout, and each of {@code outputs} the layout its shape has in a
     * forward pass over one blank image.
     */
    private List<HookPoint> hookPoints(InputSpec spec) {
        List<HookPoint> hooks = new ArrayList<>();
        NDList probe = null;
        try (NDManager batch = model.getNDManager().newSubManager()) {
            for (String hook : descriptor.hookNames()) {
                int index = outputs.indexOf(hook);
                if (index < 0) {
                    continue;
                }
                if (ModelDescriptor.LOGITS.equals(hook)) {
                    hooks.add(new HookPoint(hook, new VectorLayout(descriptor.classes())));
                } else if (ModelDescriptor.layerIndex(hook) >= 0) {
                    hooks.add(new HookPoint(hook, descriptor.tokenLayout()));
                } else {
                    probe = probe != null ? probe : run(HeapArrays.toNd(batch, Tensor.zeros(spec.batchShape(1))), false);
                    long[] shape = output(probe, index, "output '" + hook + "'").getShape().getShape();
                    hooks.add(new HookPoint(hook, layoutOf(descriptor.name(), hook, index, shape, descriptor.tokenLayout())));
                }
            }
        }
        return hooks;
    }

    /**
     * The layout of output {@code index}, hook {@code hook}, from its {@code shape} (batch first).
     *
     * @throws BackboneException naming the hook, the output and its shape when the shape does not say it
     */
    static HookLayout layoutOf(String model, String hook, int index, long[] shape, TokenLayout known) {
        return LayoutInference.infer(shape, known).orElseThrow(() -> new BackboneException(model + ": output " + index
                + " (hook '" + hook + "') has shape " + Arrays.toString(shape) + ", whose layout Facet cannot tell; it "
                + "reads vectors (n, f), maps (n, c, h, w) and tokens (n, t, c)"));
    }

    private static ZooModel<NDList, NDList> load(String location, Device device) {
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(PyTorchEngines.ENGINE)
                .optDevice(PyTorchEngines.device(device))
                .optTranslator(new NoopTranslator())
                // Parameters loaded as ordinary tensors, not inference tensors, so autograd can
                // differentiate through them for input gradients.
                .optOption("trainParam", "true");
        Path local = localPath(location);
        if (local != null) {
            ModelFiles.requireReadable(local, "TorchScript model");
            String file = local.getFileName().toString();
            criteria.optModelPath(local).optModelName(file.endsWith(".pt") ? file.substring(0, file.length() - 3) : file);
        } else if (location.startsWith(ZOO_PREFIX)) {
            String[] coordinates = location.substring(ZOO_PREFIX.length()).split("/", 2);
            if (coordinates.length != 2 || !ModelZoo.hasModelZoo(coordinates[0])) {
                throw new BackboneException("No DJL model zoo for " + location + "; expected " + ZOO_PREFIX
                        + "<group id>/<model name> of a registered zoo such as " + FacetModelZoo.GROUP_ID);
            }
            criteria.optGroupId(coordinates[0]).optArtifactId(coordinates[1]);
        } else {
            criteria.optModelUrls(location);
        }
        PyTorchEngines.pytorch();
        try {
            return criteria.build().loadModel();
        } catch (MalformedModelException e) {
            throw new CorruptArtifactException(local != null ? local : Path.of(location), "not a TorchScript model ("
                    + e.getMessage() + ")", e);
        } catch (ModelNotFoundException | IOException e) {
            throw new BackboneException("Cannot load TorchScript model " + location + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CorruptArtifactException(local != null ? local : Path.of(location), "cannot be loaded as TorchScript ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The head module the descriptor names, loaded from beside the model: next to a local file, or among
     * the files of a bundled model.
     */
    private ZooModel<NDList, NDList> loadHead(String location, ModelDescriptor descriptor, Device device) {
        String file = descriptor.torchscript().head();
        if (file == null) {
            return null;
        }
        Path local = localPath(location);
        String bundled = ZOO_PREFIX + FacetModelZoo.GROUP_ID + "/";
        Path path;
        if (local != null) {
            path = local.resolveSibling(file);
        } else if (location.startsWith(bundled) && BundledModels.isBundled(location.substring(bundled.length()))) {
            path = BundledModels.modelFile(location.substring(bundled.length()), file);
        } else {
            model.close();
            throw new ConfigException("Model descriptor '" + descriptor.name() + "' names head '" + file + "' (torchscript."
                    + "head), which Facet finds beside a local model file or a bundled model only, not beside " + location);
        }
        try {
            ZooModel<NDList, NDList> loaded = load(path.toString(), device);
            if (!(loaded.getBlock() instanceof PtSymbolBlock headBlock)) {
                loaded.close();
                throw new BackboneException(path + " did not load as a TorchScript module on the PyTorch engine");
            }
            JniUtils.enableInferenceMode(headBlock);
            return loaded;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Path localPath(String location) {
        if (location.contains("://") || location.startsWith(ZOO_PREFIX)) {
            return null;
        }
        return Path.of(location);
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    @Override
    public Map<String, Tensor> forward(Tensor pixels, List<String> hookPoints) {
        checkInput(pixels, hookPoints);
        Engine engine = PyTorchEngines.pytorch();
        try (NDManager batch = model.getNDManager().newSubManager()) {
            NDList out = run(HeapArrays.toNd(batch, pixels), false);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (String hook : hookPoints) {
                result.put(hook, HeapArrays.toTensor(select(out, hook)));
            }
            return result;
        } catch (ai.djl.engine.EngineException e) {
            throw new BackboneException(engine.getEngineName() + " failed running " + info.model() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Tensor inputGradient(Tensor pixels, String hookPoint, Tensor upstream) {
        checkInput(pixels, List.of(hookPoint));
        long[] expected = info.hookPoint(hookPoint).layout().shape((int) pixels.dim(0));
        upstream.requireShape("upstream gradient of '" + hookPoint + "'", expected);
        try (NDManager batch = model.getNDManager().newSubManager();
             GradientCollector collector = PyTorchEngines.pytorch().newGradientCollector()) {
            NDArray x = HeapArrays.toNd(batch, pixels);
            x.setRequiresGradient(true);
            NDArray activations = select(run(x, true), hookPoint);
            collector.backward(activations.mul(HeapArrays.toNd(batch, upstream)).sum());
            return HeapArrays.toTensor(x.getGradient());
        } catch (ai.djl.engine.EngineException e) {
            throw new BackboneException("PyTorch failed differentiating " + info.model() + " at " + hookPoint + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code layer.0} … {@code layer.<layers>} when the descriptor names a head, else none. */
    @Override
    public List<String> resumableHookPoints() {
        return head == null ? List.of() : info.hookPoints().stream().map(HookPoint::name)
                .filter(hook -> ModelDescriptor.layerIndex(hook) >= 0).toList();
    }

    /** {@code logits} when the descriptor names a head, else none. */
    @Override
    public List<String> resumeOutputs() {
        return head == null ? List.of() : List.of(ModelDescriptor.LOGITS);
    }

    @Override
    public Tensor resume(String fromHook, Tensor activations, String output) {
        int layer = checkResume(fromHook, activations, output, Capability.RESUME_FROM_HOOK);
        try (NDManager batch = model.getNDManager().newSubManager()) {
            return HeapArrays.toTensor(runHead(HeapArrays.toNd(batch, activations), layer, false));
        } catch (ai.djl.engine.EngineException e) {
            throw new BackboneException("PyTorch failed resuming " + info.model() + " from " + fromHook + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Tensor resumeGradient(String fromHook, Tensor activations, String output, Tensor upstream) {
        int layer = checkResume(fromHook, activations, output, Capability.RESUME_GRADIENTS);
        upstream.requireShape("upstream gradient of '" + output + "'",
                info.hookPoint(output).layout().shape((int) activations.dim(0)));
        try (NDManager batch = model.getNDManager().newSubManager();
             GradientCollector collector = PyTorchEngines.pytorch().newGradientCollector()) {
            NDArray hidden = HeapArrays.toNd(batch, activations);
            hidden.setRequiresGradient(true);
            NDArray logits = runHead(hidden, layer, true);
            collector.backward(logits.mul(HeapArrays.toNd(batch, upstream)).sum());
            return HeapArrays.toTensor(hidden.getGradient());
        } catch (ai.djl.engine.EngineException e) {
            throw new BackboneException("PyTorch failed differentiating " + info.model() + " resumed from " + fromHook
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a resume request.
     *
     * @return the layer index i of {@code fromHook} ({@code layer.i})
     */
    private int checkResume(String fromHook, Tensor activations, String output, Capability needed) {
        if (head == null) {
            throw new MissingCapabilityException("resuming the forward pass from hook point '" + fromHook + "'",
                    EnumSet.of(needed), "backbone '" + info.model() + "' (its descriptor names no torchscript.head)",
                    info.capabilities());
        }
        HookPoint from = info.hookPoint(fromHook);
        if (!resumableHookPoints().contains(fromHook)) {
            throw new ConfigException("Cannot resume '" + info.model() + "' from hook point '" + fromHook + "': its head "
                    + "starts from " + resumableHookPoints());
        }
        if (!resumeOutputs().contains(output)) {
            throw new UnknownComponentException("output to resume '" + info.model() + "' to", output, resumeOutputs());
        }
        int n = activations.rank() > 0 ? (int) activations.dim(0) : 0;
        activations.requireShape("activations of hook point '" + fromHook + "'", from.layout().shape(n));
        activations.flattenToMatrix().requireFinite("activations of hook point '" + fromHook + "'");
        return ModelDescriptor.layerIndex(fromHook);
    }

    /** The head's logits from the hidden states of {@code layer}, with grad mode as {@link #run} sets it. */
    private NDArray runHead(NDArray hidden, int layer, boolean recordGradients) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(recordGradients);
        try {
            NDArray index = hidden.getManager().create((long) layer);
            NDList out = IValueUtils.forward(headModule, new NDList(hidden, index), recordGradients);
            long[] shape = out.singletonOrThrow().getShape().getShape();
            if (shape.length != 2 || shape[1] != descriptor.classes()) {
                throw new BackboneException(info.model() + ": head returned shape " + Arrays.toString(shape)
                        + "; the descriptor expects logits (n, " + descriptor.classes() + ")");
            }
            return out.singletonOrThrow();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /**
     * Runs the module, always in evaluation mode (dropout off, batch-norm statistics frozen). With
     * {@code recordGradients} the engine keeps the autograd graph; DJL ties that to its "training"
     * flag, so the module is called directly rather than through {@code Block.forward}, which
     * would also switch the module to training mode.
     */
    private NDList run(NDArray pixels, boolean recordGradients) {
        // Grad mode is thread-local and a closed GradientCollector can leave it on; a plain forward
        // must not record (the weights are ordinary tensors, so it would try to save them).
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(recordGradients);
        try {
            return IValueUtils.forward(module, new NDList(pixels), recordGradients);
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    private NDArray select(NDList out, String hook) {
        if (ModelDescriptor.LOGITS.equals(hook)) {
            return output(out, outputs.logits(), "logits");
        }
        int layer = ModelDescriptor.layerIndex(hook);
        if (layer < 0) {
            return output(out, outputs.indexOf(hook), "output '" + hook + "'");
        }
        NDArray hidden = output(out, outputs.hidden(), "hidden states");
        long[] shape = hidden.getShape().getShape();
        if (shape.length != 4 || shape[1] != descriptor.layers() + 1) {
            throw new BackboneException(info.model() + ": hidden states have shape " + hidden.getShape()
                    + "; the descriptor expects (n, " + (descriptor.layers() + 1) + ", tokens, channels)");
        }
        return hidden.get(":, " + layer);
    }

    private NDArray output(NDList out, int index, String what) {
        if (index < 0 || index >= out.size()) {
            throw new BackboneException(descriptor.name() + " returned " + out.size() + " outputs; the descriptor puts the "
                    + what + " at index " + index);
        }
        return out.get(index);
    }

    private void checkInput(Tensor pixels, List<String> hookPoints) {
        if (pixels.rank() != 4) {
            throw new InvalidDataException("Input batch for " + info.model() + " has shape " + pixels + ", expected "
                    + "(n, c, h, w)");
        }
        pixels.requireShape("input batch for " + info.model(), info.input().batchShape((int) pixels.dim(0)));
        hookPoints.forEach(info::hookPoint);
    }

    @Override
    public void close() {
        model.close();
        if (head != null) {
            head.close();
        }
    }
}
