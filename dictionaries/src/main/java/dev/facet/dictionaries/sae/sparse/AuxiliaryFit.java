package dev.facet.dictionaries.sae.sparse;


/**
 * The AuxK term on a sparse selection of dead latents: ê = Σ v·D_atom (no bias) fitted to the
 * residual e = x − x̂, loss α·‖ê − e‖²/‖e − ē‖² with ē the per-feature batch mean of e.
 *
 * @param upstream (n × d): ∂L/∂ê per sample
 */
record AuxiliaryFit(float[] upstream, double loss) {

    /**
     * @param estimate ê (n × d)
     * @param residual x̂ − x of the main reconstruction (n × d)
     */
    static AuxiliaryFit compute(float[] estimate, float[] residual, double alpha, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) {
                mean[q] -= residual[i * d + q];
            }
        }
        for (int q = 0; q < d; q++) {
            mean[q] /= n;
        }
        double variance = 0;
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) {
                double centred = -residual[i * d + q] - mean[q];
                variance += centred * centred;
            }
        }
        double denominator = variance + 1e-12;
        float coefficient = (float) (2 * alpha / denominator);
        float[] upstream = new float[n * d];
        double[] rowLosses = new double[n];
        SparseKernels.forEachRow(n, i -> {
            double squares = 0;
            for (int q = 0; q < d; q++) {
                float difference = estimate[i * d + q] + residual[i * d + q];
                squares += difference * difference;
                upstream[i * d + q] = coefficient * difference;
            }
            rowLosses[i] = squares;
        });
        return new AuxiliaryFit(upstream, alpha * SparseKernels.sum(rowLosses) / denominator);
    }
}
