package dev.facet.dictionaries.sae.sparse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.facet.dictionaries.sae.SparseAutoencoder;
import dev.facet.dictionaries.sae.dictionary.AtomNorm;
import dev.facet.dictionaries.sae.dictionary.NormalizedDictionary;
import dev.facet.dictionaries.sae.encoder.AffineEncoder;
import dev.facet.dictionaries.sae.loss.AuxKLoss;
import dev.facet.dictionaries.sae.loss.MatryoshkaLoss;
import dev.facet.dictionaries.sae.loss.MseLoss;
import dev.facet.dictionaries.sae.loss.SaeLoss;
import dev.facet.dictionaries.sae.sparsifier.BatchTopKSparsifier;
import dev.facet.dictionaries.sae.sparsifier.Sparsifier;
import dev.facet.dictionaries.sae.sparsifier.TopKSparsifier;
import dev.facet.dictionaries.sae.train.SaeStep;
import dev.facet.dictionaries.sae.train.StepResult;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fast training step for TopK-family models (TopK, BatchTopK, Matryoshka over either, with
 * AuxK), docs/algorithms.md#sparse-topk-step. The dense encoder product runs once, outside
 * autograd, only to choose the active concepts; everything after it touches the selected atoms
 * only:
 * <ul>
 *   <li>decoder output, loss and the gradient of each selected value: one pass over the k chosen
 *       atoms of each row (b·k·d multiply-adds, on the heap, in parallel over rows);</li>
 *   <li>gradients of the decoder and encoder weights: one sparse (COO) × dense product each;</li>
 *   <li>gradients of the biases from sums over the selection.</li>
 * </ul>
 * It computes exactly the loss and gradients of {@link dev.facet.dictionaries.sae.train.DenseStep}
 * on the same batch (tested), for any dictionary layer: when D is computed from other parameters,
 * the gradient with respect to D is pushed through the layer by the engine's autograd.
 */
public final class SparseTopKStep implements SaeStep {

    private static final int CANDIDATE_FACTOR = 4;

    private final NDArray[] gradientBuffers = new NDArray[2];
    private final float[][] scatterScratch = new float[AtomMajor.SCATTER_THREADS][];
    private float[] inputBuffer;
    private float[] upstreamBuffer;
    private float[] residualBuffer;

    /** Why this step cannot train {@code model}, or {@code null} when it can. */
    public static String unsupportedReason(SparseAutoencoder model) {
        if (!(model.encoder() instanceof AffineEncoder)) {
            return "encoder '" + model.encoder().id() + "' is not affine";
        }
        Sparsifier sparsifier = model.sparsifier();
        if (!(sparsifier instanceof TopKSparsifier) && !(sparsifier instanceof BatchTopKSparsifier)) {
            return "sparsifier '" + sparsifier.id() + "' is not topk or batchtopk";
        }
        for (SaeLoss loss : model.losses()) {
            if (!(loss instanceof MseLoss) && !(loss instanceof MatryoshkaLoss) && !(loss instanceof AuxKLoss)) {
                return "loss term '" + loss.id() + "' has no sparse gradient (supported: mse, matryoshka, auxk)";
            }
        }
        return null;
    }

    @Override
    public StepResult compute(SparseAutoencoder model, NDArray batch, NDArray dead) {
        String reason = unsupportedReason(model);
        if (reason != null) {
            throw new IllegalStateException("Sparse step cannot train this model: " + reason);
        }
        AffineEncoder encoder = (AffineEncoder) model.encoder();
        int n = (int) batch.getShape().get(0);
        int d = model.shape().inputDim();
        int c = model.shape().concepts();
        float scale = model.inputScale();
        NDArray atomsNd = model.atoms();
        NDArray x = scale == 1f ? batch : batch.mul(scale);
        NDArray centred = x.sub(model.decoderBias());
        NDArray weight = encoder.weight(atomsNd);
        NDArray pre = encoder.forward(centred, atomsNd, true);
        SparseSelection selection = select(model.sparsifier(), pre, n, c);

        NDManager manager = batch.getManager();
        FloatBuffer atomRows = atomsNd.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] inputs = SparseKernels.heapCopy(x, inputBuffer);
        inputBuffer = inputs;
        float[] bias = model.decoderBias().toFloatArray();
        int[] prefixes = levels(model, c);
        int levelCount = prefixes.length;
        int[] upstreamRowOf = upstreamRows(selection, Reconstruction.levels(selection, prefixes), levelCount);
        AtomMajor mainIndex = new AtomMajor(selection.atoms(), c);
        float[] increments = mainIndex.scatter(selection.values(), upstreamRowOf, n * levelCount, atomRows, d,
                scatterScratch);
        Reconstruction main = Reconstruction.compute(increments, levelCount, inputs, bias, n, d, upstreamBuffer,
                residualBuffer);
        upstreamBuffer = main.upstream();
        residualBuffer = main.residual();
        float[] valueGradients = mainIndex.dots(upstreamRowOf, main.upstream(), atomRows, d);
        double loss = main.loss();

        Entries entries = new Entries(selection, upstreamRowOf, valueGradients, main.upstream());
        AuxKLoss auxK = auxK(model);
        int deadCount = auxK == null ? 0 : (int) dead.sum().getFloat();
        if (auxK != null && deadCount > 0 && n >= 2) {
            int kAux = Math.min(auxK.kAux(), deadCount);
            NDList top = Activation.relu(pre).mul(dead).topK(kAux, 1, true, false);
            SparseSelection auxSelection = SparseSelection.fromCandidates(n, kAux, top.get(1).toLongArray(),
                    top.get(0).toFloatArray(), Float.NEGATIVE_INFINITY);
            int[] auxRowOf = upstreamRows(auxSelection, new int[auxSelection.nnz()], 1);
            AtomMajor auxIndex = new AtomMajor(auxSelection.atoms(), c);
            float[] estimate = auxIndex.scatter(auxSelection.values(), auxRowOf, n, atomRows, d, scatterScratch);
            AuxiliaryFit aux = AuxiliaryFit.compute(estimate, main.residual(), auxK.alpha(), n, d);
            float[] auxValueGradients = auxIndex.dots(auxRowOf, aux.upstream(), atomRows, d);
            loss += aux.loss();
            entries = entries.with(auxSelection, auxRowOf, auxValueGradients, aux.upstream(), d);
        }

        float[] centredRows = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) {
                centredRows[i * d + q] = inputs[i * d + q] - bias[q];
            }
        }
        boolean tied = encoder.weightName() == null;
        AtomMajor allIndex = entries.atoms().length == selection.nnz() ? mainIndex : new AtomMajor(entries.atoms(), c);
        NDManager owner = model.parameters().manager();
        NDArray atomGradient = gradientBuffer(owner, 0, c, d);
        NDArray encoderGradient = tied ? null : gradientBuffer(owner, 1, c, d);
        allIndex.transposeTimes(entries.values(), entries.upstreamRows(), entries.upstream(), entries.preGradients(),
                entries.sampleRows(), centredRows, d, view(atomGradient), tied ? null : view(encoderGradient), tied,
                removesParallelGradient(model) ? atomRows : null);

        float[] biasGradient = new float[c];
        scatter(entries.atoms(), entries.preGradients(), biasGradient);
        NDArray encoderBiasGradient = manager.create(biasGradient);
        NDArray decoderBiasGradient = manager.create(main.biasGradient())
                .sub(encoderBiasGradient.reshape(1, c).matMul(weight).reshape(d));

        Map<String, NDArray> gradients = new LinkedHashMap<>();
        if (!tied) {
            gradients.put(encoder.weightName(), encoderGradient);
        }
        gradients.put(encoder.biasName(), encoderBiasGradient);
        gradients.put(SparseAutoencoder.DECODER_BIAS, decoderBiasGradient);
        addDictionaryGradients(model, atomGradient, gradients);
        return new StepResult(gradients, loss, main.squaredError(), selection.nnz(), selection.fired(c),
                removesParallelGradient(model));
    }

    /** A plain unit-norm dictionary: the step removes the parallel gradient itself, in the same pass. */
    private static boolean removesParallelGradient(SparseAutoencoder model) {
        return model.dictionary() instanceof NormalizedDictionary normalized && normalized.norm() == AtomNorm.L2
                && normalized.plainWeightName() != null;
    }

    private static SparseSelection select(Sparsifier sparsifier, NDArray pre, int n, int c) {
        if (sparsifier instanceof TopKSparsifier topK) {
            NDList top = pre.topK(topK.k(), 1, true, false);
            return SparseSelection.fromCandidates(n, topK.k(), top.get(1).toLongArray(), top.get(0).toFloatArray(),
                    Float.NEGATIVE_INFINITY);
        }
        BatchTopKSparsifier batchTopK = (BatchTopKSparsifier) sparsifier;
        long keep = Math.min((long) n * c, (long) n * batchTopK.k());
        NDArray relu = Activation.relu(pre);
        int perRow = Math.min(c, CANDIDATE_FACTOR * batchTopK.k());
        NDList top = relu.topK(perRow, 1, true, false);
        float[] values = top.get(0).toFloatArray();
        float threshold = kthLargest(values, (int) keep);
        if (perRow < c && mayMissEntries(values, n, perRow, threshold)) {
            perRow = c;
            top = relu.topK(perRow, 1, true, false);
            values = top.get(0).toFloatArray();
            threshold = kthLargest(values, (int) keep);
        }
        batchTopK.recordThreshold(threshold);
        return SparseSelection.fromCandidates(n, perRow, top.get(1).toLongArray(), values, threshold);
    }

    /** True when some row's smallest candidate still reaches the threshold: entries beyond it might too. */
    private static boolean mayMissEntries(float[] values, int n, int perRow, float threshold) {
        for (int i = 0; i < n; i++) {
            float min = Float.POSITIVE_INFINITY;
            for (int j = 0; j < perRow; j++) {
                min = Math.min(min, values[i * perRow + j]);
            }
            if (min >= threshold) {
                return true;
            }
        }
        return false;
    }

    private static float kthLargest(float[] values, int k) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.max(0, sorted.length - k)];
    }

    private static int[] levels(SparseAutoencoder model, int c) {
        for (SaeLoss loss : model.losses()) {
            if (loss instanceof MatryoshkaLoss matryoshka) {
                return matryoshka.prefixes().stream().mapToInt(Integer::intValue).toArray();
            }
        }
        return new int[] {c};
    }

    private static AuxKLoss auxK(SparseAutoencoder model) {
        for (SaeLoss loss : model.losses()) {
            if (loss instanceof AuxKLoss aux) {
                return aux;
            }
        }
        return null;
    }

    /** The upstream row of each selected entry: i·P + its level. */
    private static int[] upstreamRows(SparseSelection selection, int[] levelOf, int levelCount) {
        int[] rows = new int[selection.nnz()];
        for (int i = 0; i < selection.rows(); i++) {
            for (int j = selection.rowStart()[i]; j < selection.rowStart()[i + 1]; j++) {
                rows[j] = i * levelCount + levelOf[j];
            }
        }
        return rows;
    }

    /**
     * A (c × d) gradient array written in place every step: kept across steps (outside any
     * {@link NDScope}, owned by the model's manager) so each step writes into memory that is
     * already mapped. Off the CPU a fresh array is made per step.
     */
    private NDArray gradientBuffer(NDManager manager, int slot, int c, int d) {
        Shape shape = new Shape(c, d);
        if (manager.getDevice().isGpu()) {
            return manager.zeros(shape);
        }
        NDArray buffer = gradientBuffers[slot];
        if (buffer == null || !buffer.getShape().equals(shape) || buffer.isReleased()) {
            buffer = manager.zeros(shape);
            NDScope.unregister(buffer);
            gradientBuffers[slot] = buffer;
        }
        return buffer;
    }

    private static FloatBuffer view(NDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** D's gradient handed to the dictionary layer's parameters. */
    private static void addDictionaryGradients(SparseAutoencoder model, NDArray atomGradient,
                                               Map<String, NDArray> gradients) {
        String plain = model.dictionary().plainWeightName();
        if (plain != null) {
            gradients.put(plain, atomGradient);
            return;
        }
        Map<String, NDArray> trainable = model.parameters().trainable();
        try (GradientCollector collector = Engine.getEngine(atomGradient.getManager().getEngine().getEngineName())
                .newGradientCollector()) {
            collector.backward(model.dictionary().atoms().mul(atomGradient).sum());
        }
        trainable.forEach((name, array) -> {
            if (name.startsWith("dictionary.") && array.hasGradient()) {
                NDArray gradient = array.getGradient();
                gradients.put(name, gradient.duplicate());
                gradient.subi(gradient);
            }
        });
    }

    private static void scatter(int[] atoms, float[] values, float[] into) {
        for (int j = 0; j < atoms.length; j++) {
            into[atoms[j]] += values[j];
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String id() {
        return "sparse";
    }

}
