package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;
import dev.facet.spi.ConfigException;

/**
 * The elastic-net term of the {@code elastic} loss: λ·((1 − α)·mean|z| + α·mean(D²)), an L1
 * penalty on the codes balanced against an L2 penalty on the dictionary.
 */
public record ElasticPenalty(double lambda, double alpha) implements SaeLoss {

    public ElasticPenalty {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw ConfigException.outOfRange("alpha", alpha, "[0, 1]");
        }
    }

    @Override
    public NDArray compute(LossInput input) {
        NDArray l1 = input.forward().codes().abs().mean().mul((float) (1 - alpha));
        NDArray l2 = input.forward().atoms().square().mean().mul((float) alpha);
        return l1.add(l2).mul((float) lambda);
    }

    @Override
    public String id() {
        return "elastic";
    }
}
