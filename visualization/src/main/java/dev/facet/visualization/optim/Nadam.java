package dev.facet.visualization.optim;

/**
 * Nadam (Dozat 2016) as {@code torch.optim.NAdam}: with μ_t = β₁(1 − ½·0.96^(tψ)) and Π_t the
 * product μ₁…μ_t, θ ← θ − lr(1 − μ_t)/(1 − Π_t)·g/d − lr·μ_{t+1}/(1 − Π_t·μ_{t+1})·m/d where
 * d = √v̂ + ε.
 */
final class Nadam implements Optimizer {

    private final Moments moments;
    private final double learningRate;
    private double momentumProduct = 1;

    Nadam(int size, double learningRate) {
        this.moments = new Moments(size);
        this.learningRate = learningRate;
    }

    @Override
    public void step(float[] parameters, float[] gradient) {
        int t = moments.update(parameters, gradient);
        double secondCorrection = 1 - Math.pow(OptimizerKind.BETA2, t);
        double momentum = momentum(t);
        double nextMomentum = momentum(t + 1);
        momentumProduct *= momentum;
        double gradientWeight = learningRate * (1 - momentum) / (1 - momentumProduct);
        double momentWeight = learningRate * nextMomentum / (1 - momentumProduct * nextMomentum);
        for (int i = 0; i < parameters.length; i++) {
            double denominator = moments.denominator(i, secondCorrection);
            parameters[i] -= (float) ((gradientWeight * gradient[i] + momentWeight * moments.first(i)) / denominator);
        }
    }

    private static double momentum(int t) {
        return OptimizerKind.BETA1 * (1 - 0.5 * Math.pow(0.96, t * OptimizerKind.MOMENTUM_DECAY));
    }
}
