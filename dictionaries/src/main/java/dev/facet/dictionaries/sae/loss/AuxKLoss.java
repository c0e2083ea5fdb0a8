package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * The auxiliary loss of Gao et al. (2024): reconstruct the residual e = x − x̂ from the top
 * {@code kAux} pre-activations among the <em>dead</em> latents only, ê = z_aux·D (no decoder bias),
 * and add α·‖e − ê‖²/‖e − ē‖² (the residual's total variance over the batch). Zero when no latent is
 * dead, and for a batch of one row, whose residual has no variance to normalise by. The residual is a
 * constant target: only ê carries gradients.
 */
public record AuxKLoss(int kAux, double alpha) implements SaeLoss {

    /** The paper's default α. */
    public static final double DEFAULT_ALPHA = 1.0 / 32;

    @Override
    public NDArray compute(LossInput input) {
        NDArray dead = input.dead();
        NDArray pre = input.forward().pre();
        int deadCount = dead == null ? 0 : (int) dead.sum().getFloat();
        if (deadCount == 0 || pre.getShape().get(0) < 2) {
            return pre.getManager().zeros(new ai.djl.ndarray.types.Shape());
        }
        int k = Math.min(kAux, deadCount);
        NDArray deadPre = Activation.relu(pre).mul(dead);
        NDArray kth = deadPre.stopGradient().topK(k, 1, true, false).get(0).min(new int[] {1}, true);
        NDArray keep = deadPre.stopGradient().gte(kth).mul(dead).toType(DataType.FLOAT32, false);
        NDArray auxCodes = deadPre.mul(keep);
        NDArray residual = input.forward().input().sub(input.forward().reconstruction()).stopGradient();
        NDArray estimate = auxCodes.matMul(input.forward().atoms());
        NDArray variance = residual.sub(residual.mean(new int[] {0}, true)).square().sum();
        return estimate.sub(residual).square().sum().div(variance.add(1e-12f)).mul((float) alpha);
    }

    @Override
    public String id() {
        return "auxk";
    }
}
