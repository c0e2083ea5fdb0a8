package dev.facet.spi.attribution;

import dev.facet.spi.tensor.Tensor;

/**
 * A scalar per image read from a hook point's activations: what an attribution explains, such as
 * a class logit or a concept's value. Gradient attributions also need its derivative.
 */
public interface Objective {

    /** Hook point whose activations the objective reads. */
    String hookPoint();

    /** One score per image of the batch. */
    double[] scores(Tensor activations);

    /** The gradient of the summed scores with respect to {@code activations}, of the same shape. */
    Tensor gradient(Tensor activations);

    /** The mean of one channel over tokens or positions; for a vector hook point, that entry. */
    static Objective channel(String hookPoint, int channel) {
        return new ChannelObjective(hookPoint, channel);
    }

    /** How strongly the activations point along {@code direction}: {@link DirectionObjective}. */
    static Objective direction(String hookPoint, float[] direction) {
        return new DirectionObjective(hookPoint, direction);
    }
}
