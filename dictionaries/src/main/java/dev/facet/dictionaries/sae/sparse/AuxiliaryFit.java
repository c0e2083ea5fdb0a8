package dev.facet.dictionaries.sae.sparse;

import java.util.concurrent.atomic.DoubleAdder;

/**
 * The AuxK term on a sparse selection of dead latents: ê = Σ v·D_atom (no bias) fitted to the
 * residual e = x − x̂, loss α·‖ê − e‖²/‖e − ē‖² with ē the per-feature batch mean of e.
 *
 * @param upstream       (n × d): ∂L/∂ê per sample
 * @param valueGradients ∂L/∂v for each selected dead-latent entry
 */
record AuxiliaryFit(float[] upstream, float[] valueGradients, double loss) {

    /**
     * @param residual x̂ − x of the main reconstruction (n × d)
     */
    static AuxiliaryFit compute(SparseSelection selection, float[] atoms, float[] residual, double alpha, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) {
                mean[q] -= residual[i * d + q];
            }
        }
        double variance = 0;
        for (int q = 0; q < d; q++) {
            mean[q] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) {
                double centred = -residual[i * d + q] - mean[q];
                variance += centred * centred;
            }
        }
        double denominator = variance + 1e-12;
        float coefficient = (float) (2 * alpha / denominator);
        float[] upstream = new float[n * d];
        float[] valueGradients = new float[selection.nnz()];
        DoubleAdder loss = new DoubleAdder();
        int[] rowStart = selection.rowStart();
        int[] selected = selection.atoms();
        float[] values = selection.values();
        SparseKernels.forEachRow(n, i -> {
            float[] estimate = new float[d];
            for (int j = rowStart[i]; j < rowStart[i + 1]; j++) {
                SparseKernels.axpy(values[j], atoms, selected[j] * d, estimate, 0, d);
            }
            double squares = 0;
            for (int q = 0; q < d; q++) {
                float difference = estimate[q] + residual[i * d + q];
                squares += difference * difference;
                upstream[i * d + q] = coefficient * difference;
            }
            for (int j = rowStart[i]; j < rowStart[i + 1]; j++) {
                valueGradients[j] = SparseKernels.dot(upstream, i * d, atoms, selected[j] * d, d);
            }
            loss.add(squares);
        });
        return new AuxiliaryFit(upstream, valueGradients, alpha * loss.sum() / denominator);
    }
}
