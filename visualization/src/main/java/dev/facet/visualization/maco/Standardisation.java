package dev.facet.visualization.maco;

/**
 * z = (v − mean(v)) / (std(v) + 1e-5) over a whole tensor, std the population standard deviation,
 * with its exact backward pass (docs/algorithms.md#maco-parametrisation).
 */
final class Standardisation {

    static final double EPSILON = 1e-5;

    private final double[] values;
    private final double std;

    private Standardisation(double[] values, double std) {
        this.values = values;
        this.std = std;
    }

    static Standardisation of(double[] v) {
        int n = v.length;
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double variance = 0;
        for (double x : v) {
            variance += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(variance / n);
        double denominator = std + EPSILON;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (v[i] - mean) / denominator;
        }
        return new Standardisation(z, std);
    }

    /** The standardised values; not copied. */
    double[] values() {
        return values;
    }

    /**
     * ∂L/∂v from g = ∂L/∂z: (g − mean(g))/(σ + ε) − z·Σ(g·z)/(nσ), the second term from σ's
     * dependence on v (zero when σ is).
     */
    double[] backward(double[] g) {
        int n = values.length;
        double meanG = 0;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            meanG += g[i];
            dot += g[i] * values[i];
        }
        meanG /= n;
        double spread = std > 0 ? dot / (n * std) : 0;
        double denominator = std + EPSILON;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (g[i] - meanG) / denominator - values[i] * spread;
        }
        return out;
    }
}
