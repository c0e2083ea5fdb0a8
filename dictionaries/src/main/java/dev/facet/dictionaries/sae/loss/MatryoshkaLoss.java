package dev.facet.dictionaries.sae.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/**
 * The Matryoshka reconstruction loss (Bussmann et al. 2025, "Learning Multi-Level Features with
 * Matryoshka Sparse Autoencoders"): Σⱼ mean((x − (z[:mⱼ]·D[:mⱼ] + b_dec))²) over the nested prefixes
 * m₁ &lt; … &lt; c, every prefix weighted 1, so the first concepts must reconstruct on their own.
 * It replaces the plain MSE term.
 */
public record MatryoshkaLoss(List<Integer> prefixes) implements SaeLoss {

    public MatryoshkaLoss {
        prefixes = List.copyOf(prefixes);
    }

    @Override
    public NDArray compute(LossInput input) {
        NDArray x = input.forward().input();
        NDArray codes = input.forward().codes();
        NDArray atoms = input.forward().atoms();
        NDArray bias = input.model().decoderBias();
        NDArray total = null;
        for (int size : prefixes) {
            NDArray partial = codes.get(new NDIndex(":, :" + size)).matMul(atoms.get(new NDIndex(":" + size)))
                    .add(bias);
            NDArray term = x.sub(partial).square().mean();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public String id() {
        return "matryoshka";
    }
}
