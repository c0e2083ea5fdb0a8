package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.facet.dictionaries.sae.SaeParameters;
import dev.facet.spi.ConfigException;
import java.util.Arrays;

/**
 * JumpReLU (Rajamanoharan, Lieberum, Sonnerat, Conmy, Varma, Kramár and Nanda 2024, "Jumping
 * Ahead: Improving Reconstruction Fidelity with JumpReLU Sparse Autoencoders"):
 * z = pre·H(pre − θ) with one learned threshold θᵢ = exp(tᵢ) per concept, where the
 * log-threshold t is the trainable parameter {@value #LOG_THRESHOLD}, initialised to
 * log(initialThreshold). H(v) is 1 for v &gt; 0 and 0 otherwise.
 *
 * <p>The step has no useful derivative, so training uses the paper's pseudo-gradients with a kernel
 * K and bandwidth ε: ∂z/∂pre = H(pre − θ) and ∂z/∂θ = −(θ/ε)·K((pre − θ)/ε); for the L0 count
 * (see {@link #l0}), ∂H/∂θ = −(1/ε)·K((pre − θ)/ε) and no gradient to pre. DJL has no custom
 * backward, so both are built with the detach construction of docs/algorithms.md#jumprelu-sae: with S
 * the CDF of K and sg the stop-gradient, {@code z = pre·sg(H) + sg(θ)·(S((sg(pre) − θ)/ε) − sg(S(…)))}.
 * The bracket is exactly zero in value (a float minus itself), so z equals pre·H(pre − θ) exactly,
 * while its derivative wrt θ is sg(θ)·K(u)·(−1/ε). Gradients wrt t follow by the chain rule (multiply
 * by θ).
 */
public final class JumpReluSparsifier implements Sparsifier {

    /** Saved name of the log-threshold t (one per concept). */
    public static final String LOG_THRESHOLD = "sparsifier.log_threshold";

    private final NDArray logThreshold;
    private final JumpKernel kernel;
    private final double bandwidth;

    /**
     * Registers the log-threshold in {@code parameters}.
     *
     * @param concepts         c, the length of t
     * @param kernel           pseudo-gradient kernel K
     * @param bandwidth        ε &gt; 0
     * @param initialThreshold θ at the start of training, &gt; 0
     */
    public JumpReluSparsifier(SaeParameters parameters, int concepts, JumpKernel kernel, double bandwidth,
                              double initialThreshold) {
        if (concepts < 1) {
            throw ConfigException.outOfRange("concepts", concepts, ">= 1");
        }
        if (kernel == null) {
            throw ConfigException.outOfRange("kernel", "null", "one of " + JumpKernel.ids());
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw ConfigException.outOfRange("bandwidth", bandwidth, "a finite number > 0");
        }
        if (!(initialThreshold > 0) || Double.isInfinite(initialThreshold)) {
            throw ConfigException.outOfRange("initial_threshold", initialThreshold, "a finite number > 0");
        }
        this.kernel = kernel;
        this.bandwidth = bandwidth;
        float[] initial = new float[concepts];
        Arrays.fill(initial, (float) Math.log(initialThreshold));
        this.logThreshold = parameters.addTrainable(LOG_THRESHOLD, initial, concepts);
    }

    @Override
    public NDArray codes(NDArray pre, NDArray centred, NDArray atoms, boolean training) {
        NDArray theta = threshold();
        NDArray gate = gate(pre, theta);
        NDArray value = pre.mul(gate);
        if (!training) {
            return value;
        }
        return value.add(theta.stopGradient().mul(smoothedStepOffset(pre, theta)));
    }

    /**
     * The number of active codes Σᵢ H(preᵢ − θᵢ) per sample, averaged over the n samples (a
     * scalar). Its value is exact; its gradient wrt θᵢ is the per-sample pseudo-gradient
     * −(1/ε)·K((pre − θᵢ)/ε) averaged over samples, and it passes no gradient to {@code pre}.
     */
    public NDArray l0(NDArray pre) {
        NDArray theta = threshold();
        return gate(pre, theta).add(smoothedStepOffset(pre, theta)).sum(new int[] {1}).mean();
    }

    /** θ = exp(t) (c), differentiable wrt t. */
    public NDArray threshold() {
        return logThreshold.exp();
    }

    /** The trainable log-threshold t (c). */
    public NDArray logThreshold() {
        return logThreshold;
    }

    public JumpKernel kernel() {
        return kernel;
    }

    public double bandwidth() {
        return bandwidth;
    }

    /** The constant gate H(pre − θ) as float (no gradient). */
    private static NDArray gate(NDArray pre, NDArray theta) {
        return pre.stopGradient().gt(theta.stopGradient()).toType(DataType.FLOAT32, false);
    }

    /**
     * S((sg(pre) − θ)/ε) − sg(S(…)): zero in value, derivative −(1/ε)·K((pre − θ)/ε) wrt θ and
     * none wrt pre.
     */
    private NDArray smoothedStepOffset(NDArray pre, NDArray theta) {
        NDArray smoothed = kernel.cdf(pre.stopGradient().sub(theta).div((float) bandwidth));
        return smoothed.sub(smoothed.stopGradient());
    }

    @Override
    public String id() {
        return "jumprelu";
    }
}
