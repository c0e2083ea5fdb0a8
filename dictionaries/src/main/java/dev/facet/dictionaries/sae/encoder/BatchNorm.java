package dev.facet.dictionaries.sae.encoder;

import ai.djl.ndarray.NDArray;
import dev.facet.dictionaries.sae.HeapInit;
import dev.facet.dictionaries.sae.SaeParameters;

/**
 * Batch normalisation (Ioffe and Szegedy 2015, "Batch Normalization: Accelerating Deep Network
 * Training by Reducing Internal Covariate Shift") of (n × f) activations, matching PyTorch's
 * {@code BatchNorm1d}: in training each feature is standardised with the batch mean and biased
 * variance, and the buffers {@code running_mean} (start 0) and {@code running_var} (start 1) move
 * towards the batch mean and <em>unbiased</em> variance with momentum 0.1; in inference the
 * running statistics are used. Then the learned gain (start 1) and bias (start 0). The running
 * statistics are updated in place, so the registered arrays stay the same objects.
 *
 * <p>A training batch of one row has no variance to estimate (PyTorch raises an error there): it is
 * standardised with the running statistics, as in inference, and leaves them unchanged, so the gain,
 * the bias and the layers before still get finite gradients (docs/algorithms.md#encoders).
 */
final class BatchNorm implements FeatureNorm {

    /** PyTorch's default momentum of the running statistics. */
    static final float MOMENTUM = 0.1f;

    private final NDArray gain;
    private final NDArray bias;
    private final NDArray runningMean;
    private final NDArray runningVar;

    BatchNorm(SaeParameters parameters, String prefix, int features) {
        this.gain = parameters.addTrainable(prefix + ".weight", HeapInit.filled(features, 1f), features);
        this.bias = parameters.addTrainable(prefix + ".bias", new float[features], features);
        this.runningMean = parameters.addBuffer(prefix + ".running_mean", new float[features], features);
        this.runningVar = parameters.addBuffer(prefix + ".running_var", HeapInit.filled(features, 1f), features);
    }

    @Override
    public NDArray apply(NDArray y, boolean training) {
        long rows = y.getShape().get(0);
        NDArray standardised;
        if (training && rows >= 2) {
            int[] batch = {0};
            NDArray mean = y.mean(batch, true);
            NDArray centred = y.sub(mean);
            NDArray variance = centred.square().mean(batch, true);
            standardised = centred.div(variance.add(EPSILON).sqrt());
            NDArray unbiased = variance.stopGradient().mul((float) rows / (rows - 1)).reshape(runningVar.getShape());
            runningMean.muli(1 - MOMENTUM).addi(mean.stopGradient().reshape(runningMean.getShape()).mul(MOMENTUM));
            runningVar.muli(1 - MOMENTUM).addi(unbiased.mul(MOMENTUM));
        } else {
            NDArray std = y.getManager().create(EPSILON).add(runningVar).sqrt();
            standardised = y.sub(runningMean).div(std);
        }
        return standardised.mul(gain).add(bias);
    }
}
