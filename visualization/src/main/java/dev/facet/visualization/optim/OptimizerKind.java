package dev.facet.visualization.optim;

/**
 * The optimisers of feature visualization, with PyTorch's defaults: β₁ = 0.9, β₂ = 0.999,
 * ε = 1e-8 and, for Nadam, a momentum decay ψ = 0.004 (docs/algorithms.md#optimisers).
 */
public enum OptimizerKind {

    /** Adam (Kingma and Ba, ICLR 2015), as {@code torch.optim.Adam} without weight decay. */
    ADAM,

    /**
     * Nadam (Dozat, ICLR 2016 workshop, "Incorporating Nesterov Momentum into Adam"), as
     * {@code torch.optim.NAdam} (torch 2.x) without weight decay: Nesterov momentum with the schedule
     * μ_t = β₁(1 − ½·0.96^(tψ)).
     */
    NADAM;

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    static final double MOMENTUM_DECAY = 0.004;

    /**
     * A fresh optimiser for {@code size} parameters.
     *
     * @throws IllegalArgumentException if {@code size} is negative or {@code learningRate} is not
     *     a positive finite number
     */
    public Optimizer create(int size, double learningRate) {
        if (size < 0) {
            throw new IllegalArgumentException("Optimizer size must be non-negative, got " + size);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Learning rate must be positive and finite, got " + learningRate);
        }
        return switch (this) {
            case ADAM -> new Adam(size, learningRate);
            case NADAM -> new Nadam(size, learningRate);
        };
    }
}
