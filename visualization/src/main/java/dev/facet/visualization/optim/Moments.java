package dev.facet.visualization.optim;

/**
 * Adam's running first and second moments of the gradient, in double, with the step count; shared
 * by {@link Adam} and {@link Nadam}.
 */
final class Moments {

    private final double[] first;
    private final double[] second;
    private int step;

    Moments(int size) {
        first = new double[size];
        second = new double[size];
    }

    /** Checks the lengths, folds {@code gradient} into both moments and returns the new step count t. */
    int update(float[] parameters, float[] gradient) {
        if (parameters.length != first.length || gradient.length != first.length) {
            throw new IllegalArgumentException("Optimizer of " + first.length + " parameters got "
                    + parameters.length + " parameters and " + gradient.length + " gradient values");
        }
        for (int i = 0; i < first.length; i++) {
            double g = gradient[i];
            first[i] = OptimizerKind.BETA1 * first[i] + (1 - OptimizerKind.BETA1) * g;
            second[i] = OptimizerKind.BETA2 * second[i] + (1 - OptimizerKind.BETA2) * g * g;
        }
        return ++step;
    }

    double first(int i) {
        return first[i];
    }

    /** √(v̂ᵢ) + ε with v̂ = v / (1 − β₂ᵗ), Adam's denominator. */
    double denominator(int i, double secondCorrection) {
        return Math.sqrt(second[i] / secondCorrection) + OptimizerKind.EPSILON;
    }
}
