package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.djl.HeapArrays;
import dev.facet.spi.ConfigException;

/**
 * BatchTopK (Bussmann, Leask and Nanda 2024, "BatchTopK Sparse Autoencoders"): during training
 * keep the n·k largest entries of relu(pre) over the whole batch of n rows (k is per sample, so
 * the budget does not depend on the batch size). Inference keeps entries at or above a global
 * threshold θ, the exponential moving average of the smallest kept activation of each training
 * batch; θ is saved with the dictionary as {@value #THRESHOLD}.
 */
public final class BatchTopKSparsifier implements Sparsifier {

    public static final String THRESHOLD = "sparsifier.threshold";
    public static final String THRESHOLD_UPDATES = "sparsifier.threshold_updates";

    private final int k;
    private final float momentum;
    private final NDArray threshold;
    private final NDArray updates;

    public BatchTopKSparsifier(SaeParameters parameters, int k, int concepts, double momentum) {
        if (k < 1 || k > concepts) {
            throw ConfigException.outOfRange("k", k, "1.." + concepts + " (the number of concepts)");
        }
        if (!(momentum > 0 && momentum <= 1)) {
            throw ConfigException.outOfRange("threshold_momentum", momentum, "(0, 1]");
        }
        this.k = k;
        this.momentum = (float) momentum;
        this.threshold = parameters.addBuffer(THRESHOLD, new float[1], 1);
        this.updates = parameters.addBuffer(THRESHOLD_UPDATES, new float[1], 1);
    }

    @Override
    public NDArray codes(NDArray pre, NDArray centred, NDArray atoms, boolean training) {
        NDArray relu = Activation.relu(pre);
        if (!training) {
            return relu.mul(relu.stopGradient().gte(threshold).toType(DataType.FLOAT32, false));
        }
        long keep = Math.min(pre.size(), pre.getShape().get(0) * k);
        float batchThreshold = batchThreshold(relu.stopGradient(), keep);
        recordThreshold(batchThreshold);
        return relu.mul(relu.stopGradient().gte(batchThreshold).toType(DataType.FLOAT32, false));
    }

    /** The smallest of the {@code keep} largest entries of {@code values} (any shape). */
    public static float batchThreshold(NDArray values, long keep) {
        return values.flatten().topK((int) keep, 0, true, false).get(0).min().getFloat();
    }

    /** Folds one batch's smallest kept activation into the running threshold. */
    public void recordThreshold(float batchThreshold) {
        float count = updates.getFloat(0);
        float current = threshold.getFloat(0);
        float next = count == 0 ? batchThreshold : current + momentum * (batchThreshold - current);
        HeapArrays.overwrite(threshold, new float[] {next});
        HeapArrays.overwrite(updates, new float[] {count + 1});
    }

    /** The inference threshold θ. */
    public float threshold() {
        return threshold.getFloat(0);
    }

    @Override
    public String id() {
        return "batchtopk";
    }

    @Override
    public int k() {
        return k;
    }
}
