package dev.facet.visualization.optim;

/**
 * A first-order optimiser over a flat float parameter vector (docs/algorithms.md#optimisers). It
 * keeps its own state (moments, step count) between calls, so one instance serves one parameter
 * vector of a fixed size.
 */
public interface Optimizer {

    /**
     * One descent step in place: moves {@code parameters} against {@code gradient} (∂loss/∂parameters,
     * same length as the parameters).
     *
     * @throws IllegalArgumentException if either array's length is not the optimiser's size
     */
    void step(float[] parameters, float[] gradient);
}
