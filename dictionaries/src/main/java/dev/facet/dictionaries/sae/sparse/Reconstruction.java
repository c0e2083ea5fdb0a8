package dev.facet.dictionaries.sae.sparse;

import java.util.concurrent.atomic.DoubleAdder;

/**
 * Decoder output, MSE loss and upstream gradients of a sparse selection, with nested Matryoshka
 * prefixes (one level, all c concepts, for a plain MSE). For prefix level p the partial
 * reconstruction is x̂ₚ = Σ_{atom &lt; mₚ} v·D_atom + b_dec and the loss Σₚ ‖x̂ₚ − x‖²/(n·d). A selected
 * value whose atom first enters at level p receives the gradient Σ_{q ≥ p} 2(x̂_q − x)/(n·d) · D_atom.
 *
 * @param upstream       (n·P × d): row i·P + p holds Σ_{q ≥ p} ∂L/∂x̂_q of sample i
 * @param residual       (n × d): x̂ − x of the full reconstruction
 * @param levelOf        the level at which each selected entry enters
 * @param valueGradients ∂L/∂v for each selected entry
 * @param biasGradient   ∂L/∂b_dec through the reconstruction (d)
 */
record Reconstruction(float[] upstream, float[] residual, int[] levelOf, float[] valueGradients, float[] biasGradient,
                      double loss, double squaredError) {

    static Reconstruction compute(SparseSelection selection, int[] levels, float[] atoms, float[] inputs, float[] bias,
                                  int n, int d) {
        int levelCount = levels.length;
        float[] upstream = new float[n * levelCount * d];
        float[] residual = new float[n * d];
        int[] levelOf = new int[selection.nnz()];
        float[] valueGradients = new float[selection.nnz()];
        double inverse = 1.0 / ((double) n * d);
        float coefficient = (float) (2 * inverse);
        DoubleAdder loss = new DoubleAdder();
        DoubleAdder squaredError = new DoubleAdder();
        int[] rowStart = selection.rowStart();
        int[] selected = selection.atoms();
        float[] values = selection.values();
        SparseKernels.forEachRow(n, i -> {
            float[] accumulator = bias.clone();
            int j = rowStart[i];
            int end = rowStart[i + 1];
            double rowLoss = 0;
            for (int p = 0; p < levelCount; p++) {
                while (j < end && selected[j] < levels[p]) {
                    SparseKernels.axpy(values[j], atoms, selected[j] * d, accumulator, 0, d);
                    levelOf[j] = p;
                    j++;
                }
                int offset = (i * levelCount + p) * d;
                double squares = 0;
                for (int q = 0; q < d; q++) {
                    float error = accumulator[q] - inputs[i * d + q];
                    squares += error * error;
                    upstream[offset + q] = coefficient * error;
                }
                rowLoss += squares * inverse;
                if (p == levelCount - 1) {
                    for (int q = 0; q < d; q++) {
                        residual[i * d + q] = accumulator[q] - inputs[i * d + q];
                    }
                    squaredError.add(squares);
                }
            }
            for (int p = levelCount - 2; p >= 0; p--) {
                int offset = (i * levelCount + p) * d;
                SparseKernels.axpy(1f, upstream, offset + d, upstream, offset, d);
            }
            for (j = rowStart[i]; j < end; j++) {
                valueGradients[j] = SparseKernels.dot(upstream, (i * levelCount + levelOf[j]) * d, atoms,
                        selected[j] * d, d);
            }
            loss.add(rowLoss);
        });
        float[] biasGradient = new float[d];
        for (int i = 0; i < n; i++) {
            SparseKernels.axpy(1f, upstream, i * levelCount * d, biasGradient, 0, d);
        }
        return new Reconstruction(upstream, residual, levelOf, valueGradients, biasGradient, loss.sum(),
                squaredError.sum());
    }
}
