package dev.facet.visualization.optim;

/** Adam (Kingma and Ba 2015): θ ← θ − lr·m̂ / (√v̂ + ε), m̂ and v̂ bias-corrected. */
final class Adam implements Optimizer {

    private final Moments moments;
    private final double learningRate;

    Adam(int size, double learningRate) {
        this.moments = new Moments(size);
        this.learningRate = learningRate;
    }

    @Override
    public void step(float[] parameters, float[] gradient) {
        int t = moments.update(parameters, gradient);
        double firstCorrection = 1 - Math.pow(OptimizerKind.BETA1, t);
        double secondCorrection = 1 - Math.pow(OptimizerKind.BETA2, t);
        double stepSize = learningRate / firstCorrection;
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] -= (float) (stepSize * moments.first(i) / moments.denominator(i, secondCorrection));
        }
    }
}
